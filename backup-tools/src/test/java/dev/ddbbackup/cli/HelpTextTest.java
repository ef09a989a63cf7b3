package dev.ddbbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddbbackup.testing.Cli;
import dev.ddbbackup.testing.HelpText;
import org.junit.jupiter.api.Test;

/** The help of every command: reflowed by picocli (no sentence broken by hand), and the version of the build. */
class HelpTextTest {

    @Test
    void noCommandsHelpBreaksASentenceByHand() {
        assertThat(HelpText.brokenSentences(Cli.commandLine())).isEmpty();
    }

    @Test
    void theCheckFindsASentenceBrokenByHand() {
        String help = "Usage: x\n  --to=TIME   The point in time, given as an\n              instant.\n";
        assertThat(HelpText.brokenSentences("x", help, 80)).hasSize(1);
        String wrapped = "Usage: x\n  --to=TIME   The point in time, given as an ISO-8601 instant or 'now', which picocli\n"
                + "              wrapped.\n";
        assertThat(HelpText.brokenSentences("x", wrapped, 94)).isEmpty(); // "wrapped." would reach column 94
    }

    @Test
    void versionIsTheBuildsNotDev() {
        Cli.Run run = Cli.run("--version");
        assertThat(run.exit).isZero();
        assertThat(run.out.strip()).matches("ddb-backup\\S* \\d+\\.\\d+\\.\\d+\\S*").doesNotContain("dev");
    }
}
