package dev.krr.cli.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The CLI's effective configuration: defaults, then {@code .krr.yaml} (the one given with
 * {@code --config}, else the working directory's, else the home directory's), then {@code KRR_*}
 * environment variables, then flags — later wins. Each value remembers where it came from so
 * {@code krr config} can say it, and secrets print masked.
 */
public final class KrrConfig {

    /** The file name looked for in the working and home directories. */
    public static final String FILE_NAME = ".krr.yaml";

    /** A value and where it came from: "default", a file path, an environment variable, or "flag". */
    public record Value(String value, String source) {
    }

    private final Map<ConfigKey, Value> values;
    private final Path file;

    private KrrConfig(Map<ConfigKey, Value> values, Path file) {
        this.values = values;
        this.file = file;
    }

    /**
     * Resolves the configuration. {@code explicitFile} comes from {@code --config} (must exist);
     * {@code flags} maps keys to values given on the command line (null values are ignored).
     */
    public static KrrConfig resolve(Path explicitFile, Path workingDir, Path homeDir, Map<String, String> env,
                                    Map<ConfigKey, String> flags) {
        Map<ConfigKey, Value> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            key.defaultValue().ifPresent(v -> values.put(key, new Value(v, "default")));
        }
        Path file = locate(explicitFile, workingDir, homeDir);
        if (file != null) {
            readFile(file).forEach((key, v) -> values.put(key, new Value(key.validate(v, file.toString()), file.toString())));
        }
        for (ConfigKey key : ConfigKey.values()) {
            String v = env.get(key.envVar());
            if (v != null && !v.isEmpty()) {
                values.put(key, new Value(key.validate(v, "$" + key.envVar()), "$" + key.envVar()));
            }
        }
        flags.forEach((key, v) -> {
            if (v != null) {
                values.put(key, new Value(key.validate(v, "flag"), "flag"));
            }
        });
        return new KrrConfig(values, file);
    }

    private static Path locate(Path explicitFile, Path workingDir, Path homeDir) {
        if (explicitFile != null) {
            if (!Files.isRegularFile(explicitFile)) {
                throw new IllegalArgumentException("--config " + explicitFile + ": no such file");
            }
            return explicitFile;
        }
        for (Path dir : new Path[] {workingDir, homeDir}) {
            if (dir != null && Files.isRegularFile(dir.resolve(FILE_NAME))) {
                return dir.resolve(FILE_NAME);
            }
        }
        return null;
    }

    /** Reads and flattens the YAML file; unknown keys and non-scalar leaves are errors naming the path. */
    static Map<ConfigKey, String> readFile(Path file) {
        Object root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        Map<ConfigKey, String> out = new LinkedHashMap<>();
        if (root == null) {
            return out;
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + ": the top level must be a mapping of keys");
        }
        flatten("", map, file, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Path file, Map<ConfigKey, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String path = prefix + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> nested) {
                flatten(path + ".", nested, file, out);
                continue;
            }
            ConfigKey key = ConfigKey.byPath(path).orElseThrow(() -> new IllegalArgumentException(
                    file + ": unknown key '" + path + "'" + suggestion(path)));
            if (v == null || v instanceof List<?>) {
                throw new IllegalArgumentException(file + ": '" + path + "' needs a single value");
            }
            out.put(key, String.valueOf(v));
        }
    }

    private static String suggestion(String path) {
        String section = path.contains(".") ? path.substring(0, path.indexOf('.') + 1) : "";
        List<String> near = java.util.Arrays.stream(ConfigKey.values()).map(ConfigKey::path)
                .filter(p -> !section.isEmpty() && p.startsWith(section)).toList();
        return near.isEmpty() ? " (known keys: " + java.util.Arrays.stream(ConfigKey.values()).map(ConfigKey::path)
                .collect(Collectors.joining(", ")) + ")" : " (known in this section: " + String.join(", ", near) + ")";
    }

    public Optional<String> get(ConfigKey key) {
        return Optional.ofNullable(values.get(key)).map(Value::value);
    }

    public String require(ConfigKey key) {
        return get(key).orElseThrow(() -> new IllegalArgumentException(key.path() + " is not set (flag, "
                + key.envVar() + " or " + FILE_NAME + ")"));
    }

    /** The file that was read, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@code path: value   # source} lines, secrets masked, unset keys shown as such. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("# effective krr configuration; file: ").append(file == null ? "none" : file).append(System.lineSeparator());
        for (ConfigKey key : ConfigKey.values()) {
            Value v = values.get(key);
            String shown = v == null ? "(unset)" : key.secret() ? "****" : v.value();
            sb.append(String.format("%-26s %-32s # %s%n", key.path() + ":", shown, v == null ? "unset" : v.source()));
        }
        return sb.toString();
    }
}
