package dev.krr.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** {@code krr config}: the effective configuration, where each value came from, secrets masked. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration (defaults < .krr.yaml < KRR_* environment < flags), secrets masked.")
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(config.resolve(Map.of()).describe());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
