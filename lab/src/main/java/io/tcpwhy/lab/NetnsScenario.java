package io.tcpwhy.lab;

import io.tcpwhy.model.DiagnosisCode;
import java.util.List;
import java.util.Map;

/**
 * A scenario whose programs run in network namespaces of their own, each side in a child JVM:
 * what the parent builds (namespaces, nftables rules, namespaced sysctls), the steps it carries
 * out when a program asks, and the two programs.
 *
 * @param routed client and server in namespaces of their own joined through a router
 *               namespace; otherwise both in one namespace, on its loopback
 * @param setup  run by the parent once the namespaces exist, before the programs start
 * @param steps  run by the parent when a program awaits the step's name
 * @param serverJvmOptions options for the server's JVM: system properties a server library
 *               reads once per JVM (the JDK HttpServer's idle interval)
 */
record NetnsScenario(String name, String description, String seeds, DiagnosisCode expectedDiagnosis,
                     boolean routed, Setup setup, Map<String, Step> steps, Program client, Program server,
                     List<String> serverJvmOptions) {

    NetnsScenario {
        steps = Map.copyOf(steps);
        serverJvmOptions = List.copyOf(serverJvmOptions);
    }

    NetnsScenario(String name, String description, String seeds, DiagnosisCode expectedDiagnosis, boolean routed,
                  Setup setup, Map<String, Step> steps, Program client, Program server) {
        this(name, description, seeds, expectedDiagnosis, routed, setup, steps, client, server, List.of());
    }

    /** The parent's part before the programs start. */
    @FunctionalInterface
    interface Setup {
        void apply(Netns netns) throws ScenarioException;
    }

    /** The parent's part when a program asks for it; {@code argument} is what the program sent along. */
    @FunctionalInterface
    interface Step {
        void apply(Netns netns, String argument) throws ScenarioException;
    }

    /** One side's program, run in its own namespace by a child JVM. */
    @FunctionalInterface
    interface Program {
        void play(Peer peer) throws Exception;
    }

    ScenarioInfo info() {
        return new ScenarioInfo(name, description, seeds, expectedDiagnosis);
    }
}
