package dev.krr.cli;

import dev.krr.cli.config.ConfigKey;
import dev.krr.cli.config.KrrConfig;
import dev.krr.cli.output.NotifierClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krr report}: the current recommendations of a running notifier, in any output format. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the recommendations of a running notifier as a table, json, yaml, csv, html, manifests or crd.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--notifier-url", description = "Base URL of the notifier (default: notifier.url, http://localhost:8084).")
    String notifierUrl;

    @Option(names = {"-f", "--format"}, description = "table, json, yaml, csv, html, manifests or crd (default: output.format, table).")
    String format;

    @Mixin
    FilterOptions filters;

    @Option(names = {"-o", "--output-file"}, description = "Write to this file instead of standard output.")
    Path outputFile;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.NOTIFIER_URL, notifierUrl);
        flags.put(ConfigKey.OUTPUT_FORMAT, format);
        KrrConfig cfg = config.resolve(flags);
        String text = new NotifierClient(cfg.require(ConfigKey.NOTIFIER_URL))
                .fetch(cfg.require(ConfigKey.OUTPUT_FORMAT), filters.asMap());
        write(text, outputFile, spec.commandLine().getOut());
        return 0;
    }

    static void write(String text, Path file, PrintWriter out) throws IOException {
        if (file == null) {
            out.print(text);
            out.flush();
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    /** Report filters, shared with {@code krr scan}. */
    static final class FilterOptions {
        @Option(names = "--cluster", description = "Only this cluster id.")
        String cluster;
        @Option(names = {"-n", "--namespace"}, description = "Only this namespace.")
        String namespace;
        @Option(names = "--kind", description = "Only this workload kind, e.g. Deployment.")
        String kind;
        @Option(names = "--severity", description = "Only this severity: GOOD, OK, WARNING, CRITICAL or UNKNOWN.")
        String severity;

        Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("cluster", cluster);
            m.put("namespace", namespace);
            m.put("kind", kind);
            m.put("severity", severity);
            return m;
        }
    }
}
