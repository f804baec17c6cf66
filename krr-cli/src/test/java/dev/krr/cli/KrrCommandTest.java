package dev.krr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes and error lines scripts rely on; none of these start the stack. */
class KrrCommandTest {

    private record Run(int rc, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = KrrCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int rc = cli.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void badConfigurationIsOneLineAndExitCode2() {
        Run r = run("up", "--settle", "3 seconds");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly("krr: settle = '3 seconds' (from flag) is not an ISO-8601 duration like PT3S");
    }

    @Test
    void scanWithoutAClusterSaysWhatItNeeds() {
        Run r = run("scan");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("--context").contains("--demo");
    }

    @Test
    void unknownTopicIsRejected() {
        Run r = run("tail", "krr.nope.v1", "--bootstrap-servers", "127.0.0.1:9");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("unknown topic 'krr.nope.v1'");
    }

    @Test
    void unknownFlagIsAUsageError() {
        Run r = run("up", "--no-such-flag");
        assertThat(r.rc()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void completionScriptAndVersion() {
        assertThat(run("generate-completion").out()).contains("krr Bash Completion");
        assertThat(run("--version").out()).startsWith("krr ");
    }
}
