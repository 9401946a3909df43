package io.tcpwhy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code --version} alone is answered without building any subcommand; help still lists them all. */
class MainVersionTest {

    @Test
    void theVersionAloneBuildsNoSubcommandAndIsPrinted() {
        for (String flag : new String[] {"--version", "-V"}) {
            assertTrue(Main.commandLineFor(flag).getSubcommands().isEmpty(), flag + " built subcommands");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Main.run(new PrintWriter(out), new PrintWriter(err), flag);
            assertEquals(0, status, flag + ": " + err);
            assertTrue(out.toString().startsWith("tcpwhy "), flag + " printed: " + out);
            assertEquals("", err.toString());
        }
    }

    @Test
    void helpAndAnUnknownFirstWordStillSeeEverySubcommand() {
        assertTrue(Main.commandLineFor("--help").getSubcommands().containsKey("analyze"));
        assertTrue(Main.commandLineFor("--version", "analyze").getSubcommands().containsKey("capture"),
                "the version with more words is picocli's to judge, with every subcommand");
        assertTrue(Main.commandLineFor("analyse").getSubcommands().containsKey("analyze"),
                "a misspelt subcommand gets picocli's 'did you mean'");
    }
}
