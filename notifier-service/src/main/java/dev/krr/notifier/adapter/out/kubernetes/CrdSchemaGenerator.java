package dev.krr.notifier.adapter.out.kubernetes;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the CustomResourceDefinitions of krr's custom resources from the Java records of
 * {@link CustomResourceModel}: String becomes string, int/long integer (int32/int64), double
 * number, boolean boolean, List array, Map&lt;String, X&gt; an object with additionalProperties X,
 * a record an object with its components (primitives required). Run {@link #main} to rewrite
 * {@code deploy/crds}; a test fails when the committed files differ from the model.
 */
public final class CrdSchemaGenerator {

    /** One CRD to generate. */
    public record CrdSpec(Class<?> specType, String kind, String plural, String singular, List<String> shortNames,
                          String scope, List<Map<String, Object>> printerColumns) {
        public String name() {
            return plural + "." + CustomResourceModel.GROUP;
        }
    }

    public static final List<CrdSpec> CRDS = List.of(
            new CrdSpec(CustomResourceModel.ResourceRecommendationSpec.class, "ResourceRecommendation",
                    "resourcerecommendations", "resourcerecommendation", List.of("rrec"), "Namespaced",
                    List.of(column("Cluster", "string", ".spec.cluster"), column("Kind", "string", ".spec.target.kind"),
                            column("Workload", "string", ".spec.target.name"),
                            column("Severity", "string", ".spec.severity"),
                            column("Savings", "string", ".spec.cost.savingsMonthly"),
                            column("Currency", "string", ".spec.cost.currency"))),
            new CrdSpec(CustomResourceModel.RecommendationReportSpec.class, "RecommendationReport",
                    "recommendationreports", "recommendationreport", List.of("rreport"), "Cluster",
                    List.of(column("Generated", "string", ".spec.generatedAt"),
                            column("Workloads", "integer", ".spec.workloads"))));

    private CrdSchemaGenerator() {
    }

    /** The OpenAPI v3 schema of a model type. */
    public static Map<String, Object> schema(Type type) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (List.class.isAssignableFrom(raw)) {
                s.put("type", "array");
                s.put("items", schema(p.getActualTypeArguments()[0]));
                return s;
            }
            if (Map.class.isAssignableFrom(raw)) {
                s.put("type", "object");
                s.put("additionalProperties", schema(p.getActualTypeArguments()[1]));
                return s;
            }
            throw new IllegalArgumentException("unsupported generic type " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            s.put("type", "string");
        } else if (c == int.class || c == Integer.class) {
            s.put("type", "integer");
            s.put("format", "int32");
        } else if (c == long.class || c == Long.class) {
            s.put("type", "integer");
            s.put("format", "int64");
        } else if (c == double.class || c == Double.class) {
            s.put("type", "number");
            s.put("format", "double");
        } else if (c == boolean.class || c == Boolean.class) {
            s.put("type", "boolean");
        } else if (c.isRecord()) {
            s.put("type", "object");
            Description d = c.getAnnotation(Description.class);
            if (d != null) {
                s.put("description", d.value());
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            List<String> required = new ArrayList<>();
            for (RecordComponent rc : c.getRecordComponents()) {
                Map<String, Object> ps = schema(rc.getGenericType());
                Description rd = rc.getAnnotation(Description.class);
                if (rd != null) {
                    ps = new LinkedHashMap<>(ps);
                    ps.put("description", rd.value());
                }
                properties.put(rc.getName(), ps);
                if (rc.getType().isPrimitive()) {
                    required.add(rc.getName());
                }
            }
            s.put("properties", properties);
            if (!required.isEmpty()) {
                s.put("required", required);
            }
        } else {
            throw new IllegalArgumentException("unsupported model type " + c.getName());
        }
        return s;
    }

    /** The CRD as a map, ready to serialise. */
    public static Map<String, Object> crd(CrdSpec spec) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> specSchema = schema(spec.specType());
        root.put("type", "object");
        root.put("description", specSchema.get("description"));
        Map<String, Object> rootProperties = new LinkedHashMap<>();
        rootProperties.put("apiVersion", Map.of("type", "string"));
        rootProperties.put("kind", Map.of("type", "string"));
        rootProperties.put("metadata", Map.of("type", "object"));
        rootProperties.put("spec", specSchema);
        root.put("properties", rootProperties);
        root.put("required", List.of("spec"));

        Map<String, Object> version = new LinkedHashMap<>();
        version.put("name", CustomResourceModel.VERSION);
        version.put("served", true);
        version.put("storage", true);
        version.put("schema", Map.of("openAPIV3Schema", root));
        version.put("additionalPrinterColumns", spec.printerColumns());

        Map<String, Object> names = new LinkedHashMap<>();
        names.put("kind", spec.kind());
        names.put("listKind", spec.kind() + "List");
        names.put("plural", spec.plural());
        names.put("singular", spec.singular());
        names.put("shortNames", spec.shortNames());
        names.put("categories", List.of("krr"));

        Map<String, Object> crdSpec = new LinkedHashMap<>();
        crdSpec.put("group", CustomResourceModel.GROUP);
        crdSpec.put("names", names);
        crdSpec.put("scope", spec.scope());
        crdSpec.put("versions", List.of(version));

        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", spec.name());
        metadata.put("labels", Map.of("app.kubernetes.io/name", "krr"));

        Map<String, Object> crd = new LinkedHashMap<>();
        crd.put("apiVersion", "apiextensions.k8s.io/v1");
        crd.put("kind", "CustomResourceDefinition");
        crd.put("metadata", metadata);
        crd.put("spec", crdSpec);
        return crd;
    }

    /** The YAML text of a CRD, with a header saying where it comes from. */
    public static String yaml(CrdSpec spec) {
        return "# Generated from dev.krr.notifier.adapter.out.kubernetes.CustomResourceModel by CrdSchemaGenerator.\n"
                + "# Do not edit: change the model and regenerate (see docs/notifier-service.md).\n"
                + KubernetesYaml.mapper().writeValueAsString(crd(spec));
    }

    public static String fileName(CrdSpec spec) {
        return spec.name() + ".yaml";
    }

    /** Writes every CRD into {@code args[0]} (default deploy/crds). */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "deploy/crds");
        Files.createDirectories(dir);
        for (CrdSpec spec : CRDS) {
            Files.writeString(dir.resolve(fileName(spec)), yaml(spec));
        }
    }

    private static Map<String, Object> column(String name, String type, String path) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type);
        c.put("jsonPath", path);
        return c;
    }
}
