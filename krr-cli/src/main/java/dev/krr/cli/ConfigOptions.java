package dev.krr.cli;

import dev.krr.cli.config.ConfigKey;
import dev.krr.cli.config.KrrConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --config FILE}, shared by every subcommand, and the resolution of the effective configuration. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: ./.krr.yaml, else ~/.krr.yaml).")
    Path configFile;

    /** Defaults < file < KRR_* environment < {@code flags}. */
    KrrConfig resolve(Map<ConfigKey, String> flags) {
        return KrrConfig.resolve(configFile, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")),
                System.getenv(), flags);
    }
}
