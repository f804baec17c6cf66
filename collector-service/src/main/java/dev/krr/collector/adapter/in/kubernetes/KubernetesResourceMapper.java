package dev.krr.collector.adapter.in.kubernetes;

import dev.krr.collector.domain.ContainerResources;
import dev.krr.collector.domain.ContainerRole;
import dev.krr.collector.domain.NodeClassifier;
import dev.krr.collector.domain.NodeState;
import dev.krr.collector.domain.Quantities;
import dev.krr.collector.domain.ResourceAmounts;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps fabric8 pod specs and nodes to domain records. A quantity that does not parse (garbage in a
 * spec) is logged once with where it came from and left unset; it never becomes a silent zero.
 */
public class KubernetesResourceMapper {

    private static final Logger log = LoggerFactory.getLogger(KubernetesResourceMapper.class);

    private final NodeClassifier classifier = new NodeClassifier();
    private final Set<String> reportedBadQuantities = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Containers of a pod spec: main containers, init containers and native sidecars. */
    public List<ContainerResources> containers(String where, PodSpec spec) {
        List<ContainerResources> out = new ArrayList<>();
        if (spec == null) {
            return out;
        }
        for (Container c : nullSafe(spec.getInitContainers())) {
            ContainerRole role = "Always".equals(c.getRestartPolicy()) ? ContainerRole.SIDECAR : ContainerRole.INIT;
            out.add(container(where, c, role));
        }
        for (Container c : nullSafe(spec.getContainers())) {
            out.add(container(where, c, ContainerRole.MAIN));
        }
        return out;
    }

    /**
     * Containers running in live pods that the template does not declare: injected at admission
     * (service-mesh proxies, agents). The first pod that has one defines its resources.
     */
    public List<ContainerResources> injected(String where, List<ContainerResources> template, List<Pod> pods) {
        Set<String> known = new HashSet<>();
        template.forEach(c -> known.add(c.name()));
        Map<String, ContainerResources> found = new LinkedHashMap<>();
        for (Pod pod : pods) {
            PodSpec spec = pod.getSpec();
            if (spec == null) {
                continue;
            }
            for (ContainerResources c : containers(where, spec)) {
                if (!known.contains(c.name()) && !found.containsKey(c.name())) {
                    found.put(c.name(), new ContainerResources(c.name(), ContainerRole.INJECTED, c.requests(), c.limits(), c.image()));
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    ContainerResources container(String where, Container c, ContainerRole role) {
        ResourceRequirements r = c.getResources();
        String at = where + " container '" + c.getName() + "'";
        ResourceAmounts requests = r == null ? ResourceAmounts.NONE : amounts(at + " requests", r.getRequests());
        ResourceAmounts limits = r == null ? ResourceAmounts.NONE : amounts(at + " limits", r.getLimits());
        return new ContainerResources(c.getName(), role, requests, limits, Objects.toString(c.getImage(), ""));
    }

    /** cpu, memory, nvidia.com/gpu (or amd.com/gpu) and ephemeral-storage of a resource map. */
    public ResourceAmounts amounts(String where, Map<String, Quantity> values) {
        if (values == null || values.isEmpty()) {
            return ResourceAmounts.NONE;
        }
        Long cpu = parse(where, "cpu", values.get("cpu"), true);
        Long memory = parse(where, "memory", values.get("memory"), false);
        Long gpu = parse(where, "nvidia.com/gpu", values.get("nvidia.com/gpu"), false);
        if (gpu == null) {
            gpu = parse(where, "amd.com/gpu", values.get("amd.com/gpu"), false);
        }
        Long storage = parse(where, "ephemeral-storage", values.get("ephemeral-storage"), false);
        return new ResourceAmounts(cpu, memory, gpu, storage);
    }

    private Long parse(String where, String resource, Quantity q, boolean millis) {
        if (q == null) {
            return null;
        }
        String text = Objects.toString(q.getAmount(), "") + Objects.toString(q.getFormat(), "");
        try {
            return millis ? Quantities.cpuMillicores(text) : Quantities.wholeUnits(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            if (reportedBadQuantities.add(where + resource + text)) {
                log.warn("{} {}: {}; treated as unset", where, resource, e.getMessage());
            }
            return null;
        }
    }

    public NodeState node(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : new HashMap<>(node.getMetadata().getLabels());
        String providerId = node.getSpec() == null ? "" : Objects.toString(node.getSpec().getProviderID(), "");
        String provider = classifier.provider(providerId, labels);
        String where = "node '" + node.getMetadata().getName() + "'";
        ResourceAmounts allocatable = node.getStatus() == null ? ResourceAmounts.NONE : amounts(where + " allocatable", node.getStatus().getAllocatable());
        ResourceAmounts capacity = node.getStatus() == null ? ResourceAmounts.NONE : amounts(where + " capacity", node.getStatus().getCapacity());
        String os = labels.getOrDefault("kubernetes.io/os", "");
        String arch = labels.getOrDefault("kubernetes.io/arch", "");
        if (node.getStatus() != null && node.getStatus().getNodeInfo() != null) {
            os = os.isEmpty() ? Objects.toString(node.getStatus().getNodeInfo().getOperatingSystem(), "") : os;
            arch = arch.isEmpty() ? Objects.toString(node.getStatus().getNodeInfo().getArchitecture(), "") : arch;
        }
        return new NodeState(node.getMetadata().getName(), provider, classifier.region(providerId, labels),
                classifier.zone(providerId, labels), classifier.instanceType(labels), classifier.capacityType(provider, labels),
                allocatable, capacity, classifier.gpuModel(labels), labels, providerId, os, arch);
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
