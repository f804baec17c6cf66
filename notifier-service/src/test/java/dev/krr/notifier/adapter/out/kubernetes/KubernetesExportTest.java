package dev.krr.notifier.adapter.out.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.krr.events.v1.Recommendation;
import dev.krr.events.v1.Resource;
import dev.krr.events.v1.ResourceRecommendation;
import dev.krr.events.v1.Severity;
import dev.krr.notifier.adapter.in.kafka.RecommendationMapper;
import dev.krr.notifier.domain.SummaryCalculator;
import dev.krr.notifier.domain.WorkloadRecommendation;
import dev.krr.notifier.fixtures.RecommendationFixtures;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes exports and the CRDs under deploy/crds, read back with fabric8's model: the
 * committed CRDs equal what the Java model generates, patches are valid workload objects with
 * the recommended quantities, the custom resources fit their CRD schemas, and (where kubectl is
 * installed) a patch applies to a real Deployment manifest with kubectl's own strategic merge.
 */
class KubernetesExportTest {

    static final Path CRDS = Path.of("..", "deploy", "crds");
    private final KubernetesSerialization k8s = new KubernetesSerialization();
    private final KubernetesExporter exporter = new KubernetesExporter(Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC));
    private final List<WorkloadRecommendation> recs = new ArrayList<>();

    KubernetesExportTest() {
        RecommendationMapper mapper = new RecommendationMapper();
        recs.add(mapper.toDomain(RecommendationFixtures.rec("prod", "shop", "web", Severity.SEVERITY_CRITICAL, "73", "18.25", 3)));
        // a CronJob whose current CPU limit of 2 cores krr recommends removing
        Recommendation cron = RecommendationFixtures.rec("prod", "batch", "nightly", Severity.SEVERITY_WARNING, "10", "4", 1);
        cron = cron.toBuilder().setKind("CronJob").setContainers(0, cron.getContainers(0).toBuilder()
                .setResources(0, ResourceRecommendation.newBuilder().setResource(Resource.RESOURCE_CPU_MILLICORES)
                        .setCurrentRequest(1000).setCurrentLimit(2000).setRecommendedRequest(250).setSeverity(Severity.SEVERITY_WARNING)))
                .build();
        recs.add(mapper.toDomain(cron));
        recs.add(mapper.toDomain(RecommendationFixtures.unpriced("dev", "ops", "Tool_X")));
    }

    @Test
    void committedCrdsAreGeneratedFromTheModelAndParseWithFabric8() throws Exception {
        for (CrdSchemaGenerator.CrdSpec spec : CrdSchemaGenerator.CRDS) {
            Path file = CRDS.resolve(CrdSchemaGenerator.fileName(spec));
            assertThat(Files.readString(file))
                    .as("%s is stale: run CrdSchemaGenerator (see docs/notifier-service.md)", file)
                    .isEqualTo(CrdSchemaGenerator.yaml(spec));
            CustomResourceDefinition crd = k8s.unmarshal(Files.readString(file), CustomResourceDefinition.class);
            assertThat(crd.getMetadata().getName()).isEqualTo(spec.name());
            assertThat(crd.getSpec().getGroup()).isEqualTo("krr.dev");
            assertThat(crd.getSpec().getNames().getKind()).isEqualTo(spec.kind());
            assertThat(crd.getSpec().getScope()).isEqualTo(spec.scope());
            assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
                assertThat(v.getName()).isEqualTo("v1alpha1");
                assertThat(v.getStorage()).isTrue();
                assertThat(v.getSchema().getOpenAPIV3Schema().getProperties()).containsKey("spec");
            });
        }
        CustomResourceDefinition rr = k8s.unmarshal(Files.readString(CRDS.resolve("resourcerecommendations.krr.dev.yaml")),
                CustomResourceDefinition.class);
        JSONSchemaProps spec = rr.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        assertThat(spec.getProperties().get("revision").getFormat()).isEqualTo("int64");
        assertThat(spec.getProperties().get("containers").getItems().getSchema().getProperties().get("recommended")
                .getProperties().get("requests").getAdditionalProperties().getSchema().getType()).isEqualTo("string");
    }

    @Test
    void patchesAreWorkloadObjectsWithRecommendedQuantities() throws Exception {
        StringWriter out = new StringWriter();
        exporter.writePatches(recs, out);
        List<String> docs = documents(out.toString());
        assertThat(docs).hasSize(3);

        Deployment web = k8s.unmarshal(docs.get(0), Deployment.class);
        assertThat(web.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(web.getMetadata().getAnnotations()).containsEntry("krr.dev/cluster", "prod");
        Container app = web.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(app.getName()).isEqualTo("app");
        assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(Quantity.getAmountInBytes(app.getResources().getLimits().get("memory")).longValueExact()).isEqualTo(268435456L);

        CronJob nightly = k8s.unmarshal(docs.get(1), CronJob.class);
        Container job = nightly.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(job.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
        // the 2-core limit is removed: the key is there with a null value
        assertThat(job.getResources().getLimits()).containsKey("cpu");
        assertThat(job.getResources().getLimits().get("cpu")).isNull();
        assertThat(docs.get(1)).contains("cpu: null");
    }

    @Test
    void customResourcesFitTheirCrdSchemas() throws Exception {
        StringWriter rrs = new StringWriter();
        exporter.writeResourceRecommendations(recs, rrs);
        StringWriter report = new StringWriter();
        exporter.writeReport(recs, new SummaryCalculator().summarise(recs), report);

        JSONSchemaProps rrSchema = schema("resourcerecommendations.krr.dev.yaml");
        List<String> docs = documents(rrs.toString());
        assertThat(docs).hasSize(3);
        for (String doc : docs) {
            GenericKubernetesResource cr = k8s.unmarshal(doc, GenericKubernetesResource.class);
            assertThat(cr.getApiVersion()).isEqualTo("krr.dev/v1alpha1");
            assertThat(cr.getKind()).isEqualTo("ResourceRecommendation");
            assertThat(cr.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
            SchemaCheck.conforms(cr.getAdditionalProperties().get("spec"), rrSchema.getProperties().get("spec"), "spec");
        }
        GenericKubernetesResource tool = k8s.unmarshal(docs.get(2), GenericKubernetesResource.class);
        assertThat(tool.getMetadata().getName()).isEqualTo("dev-deployment-tool-x");

        GenericKubernetesResource rep = k8s.unmarshal(report.toString(), GenericKubernetesResource.class);
        assertThat(rep.getKind()).isEqualTo("RecommendationReport");
        assertThat(rep.getMetadata().getName()).isEqualTo("krr-report-20261126-100000");
        SchemaCheck.conforms(rep.getAdditionalProperties().get("spec"),
                schema("recommendationreports.krr.dev.yaml").getProperties().get("spec"), "spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) ((Map<String, Object>) rep.getAdditionalProperties().get("spec")).get("items");
        assertThat(items).extracting(i -> i.get("name")).containsExactly("web", "nightly", "Tool_X");
    }

    @Test
    void kubectlAppliesThePatchToARealManifest(@TempDir Path dir) throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        if (!Files.isExecutable(kubectl)) {
            kubectl = Path.of("/usr/local/bin/kubectl");
        }
        assumeThat(Files.isExecutable(kubectl)).as("ASSUMPTION: kubectl is installed").isTrue();
        Path deployment = dir.resolve("web.yaml");
        Files.writeString(deployment, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: shop}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: app
                        image: shop/web:1
                        resources:
                          requests: {cpu: 500m, memory: 512Mi}
                          limits: {cpu: "1", memory: 512Mi}
                      - name: sidecar
                        image: proxy:1
                """);
        StringWriter out = new StringWriter();
        exporter.writePatches(recs.subList(0, 1), out);
        Path patch = dir.resolve("patch.yaml");
        Files.writeString(patch, documents(out.toString()).get(0));
        Process p = new ProcessBuilder(kubectl.toString(), "patch", "--local", "-f", deployment.toString(), "--type",
                "strategic", "--patch-file", patch.toString(), "-o", "yaml")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assumeThat(p.exitValue()).as("ASSUMPTION: kubectl patch --local works offline here: " + output).isZero();
        Deployment patched = k8s.unmarshal(output, Deployment.class);
        List<Container> containers = patched.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("app", "sidecar");
        assertThat(containers.get(0).getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("256Mi"));
        // the CPU limit krr does not mention stays; memory limit follows the recommendation
        assertThat(containers.get(0).getResources().getLimits()).containsEntry("cpu", new Quantity("1"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(containers.get(0).getImage()).isEqualTo("shop/web:1");
    }

    private JSONSchemaProps schema(String file) throws Exception {
        return k8s.unmarshal(Files.readString(CRDS.resolve(file)), CustomResourceDefinition.class)
                .getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    static List<String> documents(String multiDoc) {
        List<String> docs = new ArrayList<>();
        for (String d : multiDoc.split("(?m)^---\\s*$")) {
            if (!d.isBlank()) {
                docs.add(d);
            }
        }
        return docs;
    }
}
