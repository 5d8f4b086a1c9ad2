package io.choreo.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The Kubernetes manifests, checked offline and strictly (no cluster runs here): each overlay
 * renders with {@code kubectl kustomize}; every rendered object reads into its fabric8 model with
 * no unknown field anywhere and no mistyped value; and cross-checks that a typo would break hold:
 * Service selectors match workloads, named ports and probe paths exist, every variable a service
 * reads is set, every referenced Secret and ConfigMap (and key) exists, and the pods are hardened.
 */
class KubernetesManifestsIT {

    static final Path ROOT =
            Path.of(System.getProperty("choreo.root", "..")).toAbsolutePath().normalize();
    static final Set<String> PROBE_PATHS = Set.of("/q/health/started", "/q/health/live", "/q/health/ready");

    /** The objects an overlay renders to, read once per overlay, and its workloads, ConfigMaps and Secrets by name. */
    record Rendered(
            List<HasMetadata> objects,
            List<Workload> workloads,
            Map<String, ConfigMap> configMaps,
            Map<String, Secret> secrets) {

        static Rendered of(List<HasMetadata> objects) {
            List<Workload> workloads = new ArrayList<>();
            Map<String, ConfigMap> configMaps = new java.util.HashMap<>();
            Map<String, Secret> secrets = new java.util.HashMap<>();
            for (HasMetadata o : objects) {
                if (o instanceof Deployment d) {
                    workloads.add(new Workload(
                            "Deployment",
                            d.getMetadata().getName(),
                            d.getSpec().getTemplate(),
                            d.getSpec().getReplicas()));
                } else if (o instanceof StatefulSet s) {
                    workloads.add(new Workload(
                            "StatefulSet",
                            s.getMetadata().getName(),
                            s.getSpec().getTemplate(),
                            s.getSpec().getReplicas()));
                } else if (o instanceof Job j) {
                    workloads.add(new Workload(
                            "Job", j.getMetadata().getName(), j.getSpec().getTemplate(), 1));
                } else if (o instanceof ConfigMap c) {
                    configMaps.put(c.getMetadata().getName(), c);
                } else if (o instanceof Secret s) {
                    secrets.put(s.getMetadata().getName(), s);
                }
            }
            return new Rendered(objects, workloads, configMaps, secrets);
        }

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        Workload workload(String name) {
            return workloads.stream()
                    .filter(w -> w.name().equals(name))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static final Map<String, Rendered> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    static Rendered overlay(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> {
            try {
                Rendered rendered = Rendered.of(render(ROOT.resolve("k8s/overlays/" + name)));
                System.out.printf(
                        "k8s/overlays/%s: %d objects rendered%n",
                        name, rendered.objects().size());
                return rendered;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Runs one rule over an overlay and fails with every problem it found, under the rule's name. */
    static void check(String overlay, String rule, java.util.function.BiConsumer<Rendered, List<String>> check) {
        List<String> problems = new ArrayList<>();
        check.accept(overlay(overlay), problems);
        assertTrue(
                problems.isEmpty(),
                "k8s/overlays/" + overlay + " breaks \"" + rule + "\":\n" + String.join("\n", problems));
    }

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsAKnownKindWithOnlyKnownFields(String overlay) {
        check(overlay, "known kinds, known fields", (rendered, problems) -> {
            for (HasMetadata object : rendered.objects()) {
                String where = object.getKind() + "/" + object.getMetadata().getName();
                if (object instanceof GenericKubernetesResource) {
                    problems.add(where + ": unknown kind or apiVersion " + object.getApiVersion());
                }
                unknownFields(object, where, problems, new IdentityHashMap<>());
            }
        });
    }

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void servicesSelectAWorkloadOnAPortItHas(String overlay) {
        check(overlay, "Service selectors and target ports", (rendered, problems) -> rendered.all(Service.class)
                .forEach(service -> checkService(service, rendered.workloads(), problems)));
    }

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void ingressesRouteToServicesThatExist(String overlay) {
        check(overlay, "Ingress backends", (rendered, problems) -> rendered.all(Ingress.class)
                .forEach(ingress -> checkIngress(ingress, rendered.objects(), problems)));
    }

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void autoscalersBudgetsAndPoliciesTargetRealWorkloads(String overlay) {
        check(overlay, "HPA, PDB and NetworkPolicy targets", (rendered, problems) -> {
            List<Workload> workloads = rendered.workloads();
            for (HorizontalPodAutoscaler hpa : rendered.all(HorizontalPodAutoscaler.class)) {
                if (workloads.stream()
                        .noneMatch(w -> w.kind()
                                        .equals(hpa.getSpec()
                                                .getScaleTargetRef()
                                                .getKind())
                                && w.name()
                                        .equals(hpa.getSpec()
                                                .getScaleTargetRef()
                                                .getName()))) {
                    problems.add(
                            "HorizontalPodAutoscaler/" + hpa.getMetadata().getName() + " scales nothing that exists");
                }
            }
            for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
                if (workloads.stream()
                        .noneMatch(w -> selects(pdb.getSpec().getSelector().getMatchLabels(), w))) {
                    problems.add("PodDisruptionBudget/" + pdb.getMetadata().getName() + " selects no workload");
                }
            }
            for (NetworkPolicy policy : rendered.all(NetworkPolicy.class)) {
                Map<String, String> labels = policy.getSpec().getPodSelector().getMatchLabels();
                if (!labels.isEmpty() && workloads.stream().noneMatch(w -> selects(labels, w))) {
                    problems.add("NetworkPolicy/" + policy.getMetadata().getName() + " selects no workload");
                }
            }
        });
    }

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyReferencedConfigMapSecretAndKeyExists(String overlay) {
        check(overlay, "ConfigMap and Secret references", (rendered, problems) -> rendered.workloads()
                .forEach(w -> checkReferences(w, rendered.configMaps(), secretsFor(overlay), problems)));
    }

    @ParameterizedTest(name = "k8s/overlays/{0}")
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceGetsWhatItReadsRealProbesAndAHardenedPod(String overlay) {
        check(overlay, "service settings, probes and hardening", (rendered, problems) -> {
            for (String service : ServiceSettings.SERVICES) {
                Workload workload = rendered.workload(service + "-service");
                if (workload == null) {
                    problems.add(service + "-service: no Deployment");
                } else {
                    checkServiceWorkload(service, workload, rendered.configMaps(), secretsFor(overlay), problems);
                }
            }
        });
    }

    @org.junit.jupiter.api.Test
    void prodRunsTwoReplicasWithAnAutoscalerABudgetADatabaseAndAPolicyPerService() {
        check("prod", "prod sizing per service", (rendered, problems) -> {
            for (String service : ServiceSettings.SERVICES) {
                String name = service + "-service";
                Workload workload = rendered.workload(name);
                if (workload == null || workload.replicas() == null || workload.replicas() < 2) {
                    problems.add(name + ": prod runs at least two replicas, not "
                            + (workload == null ? "none" : workload.replicas()));
                }
                expectOne(rendered.objects(), HorizontalPodAutoscaler.class, name, problems);
                expectOne(rendered.objects(), PodDisruptionBudget.class, name, problems);
                expectOne(rendered.objects(), StatefulSet.class, service + "-db", problems);
                expectOne(rendered.objects(), NetworkPolicy.class, name, problems);
            }
        });
    }

    @org.junit.jupiter.api.Test
    void prodRabbitMqIsAThreeNodeCluster() {
        check("prod", "prod RabbitMQ cluster", (rendered, problems) -> {
            Workload rabbit = rendered.workload("rabbitmq");
            if (rabbit == null) {
                problems.add("rabbitmq: no StatefulSet");
            } else if (!Objects.equals(rabbit.replicas(), 3)) {
                problems.add("rabbitmq: prod runs a three-node cluster, not " + rabbit.replicas());
            }
        });
    }

    /**
     * The Secrets an overlay's workloads may read: those it renders (dev's examples), or for prod,
     * which renders none, the ones docs/operations.md tells the operator to create.
     */
    static Map<String, Secret> secretsFor(String overlay) {
        return overlay.equals("prod")
                ? DocumentedSecrets.read(ROOT.resolve("docs/operations.md"))
                : overlay(overlay).secrets();
    }

    @org.junit.jupiter.api.Test
    void prodCarriesNoSecretAndNoExampleValue() {
        Set<String> exampleValues = new java.util.TreeSet<>();
        overlay("dev").secrets().values().forEach(secret -> {
            if (secret.getStringData() != null) {
                secret.getStringData().forEach((key, value) -> {
                    if (key.contains("password") || key.contains("cookie")) {
                        exampleValues.add(value);
                    }
                });
            }
        });
        assertTrue(
                exampleValues.size() >= 7, "dev's example Secrets should hold the example passwords: " + exampleValues);
        String prodText = rendered("prod");
        check("prod", "no Secret values in prod", (rendered, problems) -> {
            for (HasMetadata object : rendered.objects()) {
                String where = object.getKind() + "/" + object.getMetadata().getName();
                if (object instanceof Secret) {
                    problems.add(
                            where + ": prod renders a Secret; make it outside the repository (docs/operations.md)");
                }
                var annotations = object.getMetadata().getAnnotations();
                if (annotations != null && annotations.containsKey("choreo.io/example")) {
                    problems.add(where + ": an example object reaches prod");
                }
            }
            for (String value : exampleValues) {
                if (prodText.contains(value)) {
                    problems.add("an example value of the dev overlay reaches prod: " + value);
                }
            }
            if (prodText.contains("change-me")) {
                problems.add("a change-me value reaches prod");
            }
        });
    }

    @org.junit.jupiter.api.Test
    void prodSecretsAreDocumentedWithEveryKeyTheWorkloadsRead() {
        assertTrue(
                DocumentedSecrets.read(ROOT.resolve("docs/operations.md"))
                        .keySet()
                        .containsAll(Set.of(
                                "choreo-admin",
                                "choreo-postgres",
                                "choreo-rabbitmq",
                                "inventory-service-credentials",
                                "payment-service-credentials",
                                "shipping-service-credentials",
                                "notification-service-credentials")),
                "docs/operations.md tells how to create every Secret of prod");
    }

    /** The broker's setup script binds each service's queue exactly as {@code Topology.BINDINGS} says. */
    @org.junit.jupiter.api.Test
    void theBrokerSetupDeclaresTheTopologyOfTheCode() throws IOException {
        String script = java.nio.file.Files.readString(ROOT.resolve("k8s/base/setup/broker-setup.sh"));
        Map<String, List<String>> declared = new java.util.TreeMap<>();
        java.util.regex.Matcher queue = java.util.regex.Pattern.compile("(?m)^queue (\\S+)\\.events (.+)$")
                .matcher(script);
        while (queue.find()) {
            declared.put(
                    queue.group(1),
                    List.of(queue.group(2).replace("'", "").trim().split("\\s+")));
        }
        assertEquals(new java.util.TreeMap<>(io.choreo.events.Topology.BINDINGS), declared);
    }

    private static final Map<String, String> TEXT = new java.util.concurrent.ConcurrentHashMap<>();

    static String rendered(String overlay) {
        overlay(overlay);
        return TEXT.get(overlay);
    }

    static List<HasMetadata> render(Path kustomization) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                .redirectErrorStream(false)
                .start();
        String yaml = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
            throw new AssertionError("kubectl kustomize " + kustomization + " failed:\n" + errors);
        }
        TEXT.put(kustomization.getFileName().toString(), yaml);
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank()) {
                objects.add(serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    /** Anything the model did not recognise lands in an object's additional properties: a misspelt or unknown field. */
    static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen) {
        if (value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof Enum<?>
                || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems, seen));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object property;
            try {
                property = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> extra
                        && !extra.isEmpty()
                        && !(value instanceof GenericKubernetesResource)) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String name = Character.toLowerCase(getter.getName().charAt(3))
                    + getter.getName().substring(4);
            unknownFields(property, path + "." + name, problems, seen);
        }
    }

    // --- cross-checks -----------------------------------------------------------------------

    record Workload(String kind, String name, PodTemplateSpec template, Integer replicas) {}

    static void expectOne(
            List<HasMetadata> objects, Class<? extends HasMetadata> type, String name, List<String> problems) {
        if (objects.stream()
                .noneMatch(o -> type.isInstance(o) && o.getMetadata().getName().equals(name))) {
            problems.add(name + ": no " + type.getSimpleName());
        }
    }

    static boolean selects(Map<String, String> selector, Workload workload) {
        Map<String, String> labels = workload.template().getMetadata().getLabels();
        return selector != null
                && !selector.isEmpty()
                && labels != null
                && labels.entrySet().containsAll(selector.entrySet());
    }

    static void checkService(Service service, List<Workload> workloads, List<String> problems) {
        String where = "Service/" + service.getMetadata().getName();
        List<Workload> selected = workloads.stream()
                .filter(w -> selects(service.getSpec().getSelector(), w))
                .toList();
        if (selected.isEmpty()) {
            problems.add(where + ": selector " + service.getSpec().getSelector() + " matches no workload");
            return;
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
            for (Workload workload : selected) {
                if (!hasPort(workload, target)) {
                    problems.add(where + ": port " + port.getName() + " targets " + value(target) + ", which "
                            + workload.name() + " does not expose");
                }
            }
        }
    }

    static void checkIngress(Ingress ingress, List<HasMetadata> objects, List<String> problems) {
        Set<String> paths = new HashSet<>();
        for (var rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                paths.add(path.getPath());
                var backend = path.getBackend().getService();
                Service service = objects.stream()
                        .filter(o -> o instanceof Service
                                && o.getMetadata().getName().equals(backend.getName()))
                        .map(Service.class::cast)
                        .findFirst()
                        .orElse(null);
                if (service == null) {
                    problems.add("Ingress " + path.getPath() + ": no Service " + backend.getName());
                } else if (service.getSpec().getPorts().stream()
                        .noneMatch(p -> Objects.equals(
                                        p.getName(), backend.getPort().getName())
                                || Objects.equals(p.getPort(), backend.getPort().getNumber()))) {
                    problems.add("Ingress " + path.getPath() + ": Service " + backend.getName() + " has no port "
                            + backend.getPort());
                }
            }
        }
        if (!paths.equals(PUBLIC_PATHS)) {
            problems.add("Ingress routes " + new java.util.TreeSet<>(paths) + ", not exactly " + PUBLIC_PATHS);
        }
        for (var rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                if (path.getPath().startsWith("/q")
                        || path.getPath().startsWith("/admin")
                        || path.getPath().equals("/")) {
                    problems.add("Ingress routes " + path.getPath() + ", which is for the cluster only");
                }
                if (!path.getBackend().getService().getName().equals("inventory-service")) {
                    problems.add("Ingress " + path.getPath() + " goes to "
                            + path.getBackend().getService().getName() + ", not inventory-service");
                }
            }
        }
        var tls = ingress.getSpec().getTls();
        if (tls == null
                || tls.isEmpty()
                || tls.stream()
                        .anyMatch(t -> t.getSecretName() == null
                                || nullSafe(t.getHosts()).isEmpty())) {
            problems.add("Ingress: needs a tls block with hosts and a secretName");
        }
        Map<String, String> annotations = ingress.getMetadata().getAnnotations() == null
                ? Map.of()
                : ingress.getMetadata().getAnnotations();
        if (!annotations.containsKey("cert-manager.io/cluster-issuer")
                && !annotations.containsKey("cert-manager.io/issuer")) {
            problems.add("Ingress: no cert-manager issuer annotation");
        }
        String rps = annotations.get("nginx.ingress.kubernetes.io/limit-rps");
        if (rps == null || !rps.matches("[1-9][0-9]*")) {
            problems.add("Ingress: no request-rate limit (nginx.ingress.kubernetes.io/limit-rps), found " + rps);
        }
    }

    /** What the Ingress routes, and nothing else (DESIGN.md, "Who may read what"). */
    static final Set<String> PUBLIC_PATHS = Set.of("/orders", "/inventory", "/live");

    static void checkReferences(
            Workload workload, Map<String, ConfigMap> configMaps, Map<String, Secret> secrets, List<String> problems) {
        PodSpec pod = workload.template().getSpec();
        String where = workload.kind() + "/" + workload.name();
        for (Container container : pod.getContainers()) {
            for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
                if (from.getConfigMapRef() != null
                        && !configMaps.containsKey(from.getConfigMapRef().getName())) {
                    problems.add(where + ": envFrom ConfigMap "
                            + from.getConfigMapRef().getName() + " does not exist");
                }
                if (from.getSecretRef() != null
                        && !secrets.containsKey(from.getSecretRef().getName())) {
                    problems.add(
                            where + ": envFrom Secret " + from.getSecretRef().getName() + " does not exist");
                }
            }
            for (EnvVar env : nullSafe(container.getEnv())) {
                if (env.getValueFrom() == null) {
                    continue;
                }
                var secretRef = env.getValueFrom().getSecretKeyRef();
                if (secretRef != null
                        && (!secrets.containsKey(secretRef.getName())
                                || !keys(secrets.get(secretRef.getName())).contains(secretRef.getKey()))) {
                    problems.add(where + ": " + env.getName() + " reads missing Secret key " + secretRef.getName() + "/"
                            + secretRef.getKey());
                }
                var mapRef = env.getValueFrom().getConfigMapKeyRef();
                if (mapRef != null
                        && (!configMaps.containsKey(mapRef.getName())
                                || !configMaps.get(mapRef.getName()).getData().containsKey(mapRef.getKey()))) {
                    problems.add(where + ": " + env.getName() + " reads missing ConfigMap key " + mapRef.getName() + "/"
                            + mapRef.getKey());
                }
            }
        }
        for (Volume volume : nullSafe(pod.getVolumes())) {
            if (volume.getConfigMap() != null
                    && !configMaps.containsKey(volume.getConfigMap().getName())) {
                problems.add(
                        where + ": volume ConfigMap " + volume.getConfigMap().getName() + " does not exist");
            }
            if (volume.getSecret() != null
                    && !secrets.containsKey(volume.getSecret().getSecretName())) {
                problems.add(where + ": volume Secret " + volume.getSecret().getSecretName() + " does not exist");
            }
        }
    }

    /** One of the four services: its settings, port, probes and hardening. */
    static void checkServiceWorkload(
            String service,
            Workload workload,
            Map<String, ConfigMap> configMaps,
            Map<String, Secret> secrets,
            List<String> problems) {
        PodSpec pod = workload.template().getSpec();
        String where = "Deployment/" + workload.name();
        ServiceSettings settings = new ServiceSettings(ROOT, service);
        Container container = pod.getContainers().get(0);
        Set<String> env = new HashSet<>();
        nullSafe(container.getEnv()).forEach(e -> env.add(e.getName()));
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            if (from.getConfigMapRef() != null
                    && configMaps.containsKey(from.getConfigMapRef().getName())) {
                env.addAll(configMaps
                        .get(from.getConfigMapRef().getName())
                        .getData()
                        .keySet());
            }
            if (from.getSecretRef() != null
                    && secrets.containsKey(from.getSecretRef().getName())) {
                env.addAll(keys(secrets.get(from.getSecretRef().getName())));
            }
        }
        problems.addAll(settings.check(where, env));
        String port = configMaps.values().stream()
                .map(c -> c.getData().get(settings.portVariable))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        if (port == null
                || nullSafe(container.getPorts()).stream()
                        .noneMatch(p -> p.getContainerPort() == Integer.parseInt(port))) {
            problems.add(where + ": the container does not expose the service's port " + port);
        }
        for (Probe probe : Stream.of(
                        container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .toList()) {
            if (probe == null || probe.getHttpGet() == null) {
                problems.add(where + ": needs startup, liveness and readiness HTTP probes");
                continue;
            }
            if (!PROBE_PATHS.contains(probe.getHttpGet().getPath())) {
                problems.add(where + ": probe path " + probe.getHttpGet().getPath() + " does not exist on the service");
            }
            if (!hasPort(workload, probe.getHttpGet().getPort())) {
                problems.add(
                        where + ": probe port " + value(probe.getHttpGet().getPort()) + " is not a container port");
            }
        }
        var security = container.getSecurityContext();
        boolean nonRoot = Boolean.TRUE.equals(
                        pod.getSecurityContext() == null
                                ? null
                                : pod.getSecurityContext().getRunAsNonRoot())
                || security != null && Boolean.TRUE.equals(security.getRunAsNonRoot());
        if (!nonRoot
                || security == null
                || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
                || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())
                || security.getCapabilities() == null
                || !security.getCapabilities().getDrop().contains("ALL")) {
            problems.add(
                    where
                            + ": must run as non-root, read-only root filesystem, no privilege escalation, all capabilities dropped");
        }
        if (nullSafe(container.getVolumeMounts()).stream()
                .noneMatch(m -> m.getMountPath().equals("/tmp"))) {
            problems.add(where + ": needs a writable /tmp (emptyDir)");
        }
        var resources = container.getResources();
        if (resources == null
                || resources.getRequests() == null
                || resources.getLimits() == null
                || !resources.getRequests().containsKey("memory")
                || !resources.getLimits().containsKey("memory")) {
            problems.add(where + ": needs memory requests and limits");
        }
    }

    static boolean hasPort(Workload workload, IntOrString port) {
        for (Container container : workload.template().getSpec().getContainers()) {
            for (ContainerPort p : nullSafe(container.getPorts())) {
                if (port.getStrVal() != null
                        ? port.getStrVal().equals(p.getName())
                        : Objects.equals(port.getIntVal(), p.getContainerPort())) {
                    return true;
                }
            }
        }
        return false;
    }

    static Set<String> keys(Secret secret) {
        Set<String> keys = new HashSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    static String value(IntOrString port) {
        return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
    }

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
