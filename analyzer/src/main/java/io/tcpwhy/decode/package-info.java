/**
 * Decoding: captured bytes in, {@link io.tcpwhy.decode.TcpSegment}s out. Start at {@link
 * io.tcpwhy.decode.PacketDecoder#decode}: it gets a frame's bytes and link type from the
 * {@code pcap} reader and returns a {@link io.tcpwhy.decode.DecodeResult}, a segment or the
 * {@link io.tcpwhy.decode.DecodeResult.Skip} reason the frame has none.
 *
 * <p>Inside, one class per layer, each package-private: {@code LinkLayer} (Ethernet with
 * VLAN tags, 802.1ah I-TAGs, MPLS and PPPoE; NULL/LOOP; Linux cooked v1/v2; raw IP) finds the
 * IP header, {@code Ipv4Decoder} and {@code Ipv6Decoder} (with its extension header chain) find
 * the TCP header and the packet's length, {@code TcpDecoder} and {@code TcpOptionParser} read
 * TCP. {@code Tunnels} opens what Zeek opens (IP in IP, GRE with ERSPAN and PPTP, GRE in UDP,
 * VXLAN, Geneve, GTP-U, Teredo, AYIYA) and hands the inner packet or frame back to the layer
 * it starts at, to Zeek's maximum depth of 2; the segment keeps the inner endpoints and names
 * the outer ones in its {@link io.tcpwhy.decode.Tunnel}. Every offset is a named constant
 * citing its RFC or IEEE clause.
 *
 * <p>The hot path allocates only what a segment holds (the segment, its two endpoints and
 * addresses, options when present, its tunnel when tunneled); skipped frames allocate nothing,
 * except a tunneled frame whose tunnel header checked out and whose inner packet is then skipped
 * (its {@code Tunnel} is made before the inner packet is read). Malformed input never throws: it
 * becomes {@code MALFORMED} or {@code TRUNCATED}.
 */
package io.tcpwhy.decode;
