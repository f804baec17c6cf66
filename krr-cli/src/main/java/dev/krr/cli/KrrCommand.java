package dev.krr.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code krr}: the command line of krr. Subcommands run the local stack ({@code up}) and talk to
 * a running one. Exit codes: 0 success, 1 runtime failure, 2 bad usage or configuration.
 */
@Command(name = "krr", mixinStandardHelpOptions = true, versionProvider = KrrCommand.Version.class,
        description = "Kubernetes resource recommendations with dollar savings, continuously.",
        subcommands = {UpCommand.class, ScanCommand.class, ReportCommand.class, PriceCommand.class, TailCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class})
public final class KrrCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new KrrCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // one readable line, not a stack trace: bad configuration names key, value and source
                    cmd.getErr().println("krr: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                    cmd.getErr().flush();
                    return e instanceof IllegalArgumentException ? 2 : 1;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = KrrCommand.class.getPackage().getImplementationVersion();
            return new String[] {"krr " + (v == null ? "development build" : v)};
        }
    }
}
