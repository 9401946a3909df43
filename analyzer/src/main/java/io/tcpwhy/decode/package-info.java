/**
 * Decoding: captured bytes in, {@link io.tcpwhy.decode.TcpSegment}s out. Start at {@link
 * io.tcpwhy.decode.PacketDecoder#decode}: it gets a frame's bytes and link type from the
 * {@code pcap} reader and returns a {@link io.tcpwhy.decode.DecodeResult}, a segment or the
 * {@link io.tcpwhy.decode.DecodeResult.Skip} reason the frame has none.
 *
 * <p>Inside, one class per layer, each package-private: {@code LinkLayer} (Ethernet with
 * VLAN tags, MPLS and PPPoE; NULL/LOOP; Linux cooked v1/v2; raw IP) finds the IP header,
 * {@code Ipv4Decoder} and {@code Ipv6Decoder} (with its extension header chain) find the TCP
 * header and the packet's length, {@code TcpDecoder} and {@code TcpOptionParser} read TCP.
 * Every offset is a named constant citing its RFC or IEEE clause.
 *
 * <p>The hot path allocates only what a segment holds (the segment, its two endpoints and
 * addresses, options when present); skipped frames allocate nothing. Malformed input never
 * throws: it becomes {@code MALFORMED} or {@code TRUNCATED}.
 */
package io.tcpwhy.decode;
