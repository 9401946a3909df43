package io.tcpwhy.decode;

import java.util.Locale;

/**
 * The encapsulations tcpwhy decapsulates, named as Zeek's {@code Tunnel::Type} names them in
 * tunnel.log ({@link #zeekName()}); the JSON name is the lower-case constant name.
 */
public enum TunnelType {
    /** IP in IP: IPv4 or IPv6 inside IPv4 or IPv6 (RFC 2003, RFC 4213, RFC 2473). */
    IP,
    /** GRE (RFC 2784/2890), PPTP's enhanced GRE (RFC 2637), ERSPAN types I-III, GRE in UDP (RFC 8086). */
    GRE,
    /** VXLAN (RFC 7348). */
    VXLAN,
    /** Geneve (RFC 8926). */
    GENEVE,
    /** GTP-U, GTP version 1 user plane (3GPP TS 29.281). */
    GTPV1,
    /** Teredo, IPv6 in UDP through NATs (RFC 4380). */
    TEREDO,
    /** AYIYA, "anything in anything" (draft-massar-v6ops-ayiya). */
    AYIYA;

    /** Zeek's name for this type: {@code Tunnel::VXLAN}, {@code Tunnel::GTPv1}... */
    public String zeekName() {
        return "Tunnel::" + (this == GTPV1 ? "GTPv1" : name());
    }

    /** The name used in JSON output. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
