package dev.steward.itest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Declarative Services components of every Steward bundle in the distribution, as a graph: a component points
 * to each component that provides a service it references. A cycle in it makes Felix activate a component inside
 * its own activation, depending on the order bundles start, and log "ServiceFactory.getService() resulted in a
 * cycle" with a stack trace; that broke a clean start once. So the graph must have none, except through references
 * bound lazily (their bind method takes {@code ComponentServiceObjects}, got on first use): the XML cannot tell
 * those, so they are listed here.
 */
public class ComponentGraphIT {

    /** References bound by their service objects: they never activate what they bind. */
    private static final Set<String> LAZY = Set.of("dev.steward.kernel.internal.FlowEngine/FlowListener",
            "dev.steward.kernel.internal.FlowEngine/RollbackParticipant");

    private record Ref(String name, String service) {
    }

    private final Map<String, List<Ref>> references = new HashMap<>();
    private final Map<String, List<String>> providers = new HashMap<>();

    @Test
    public void noComponentReachesItselfThroughItsReferences() throws Exception {
        Path system = Path.of("target", "assembly", "system", "dev", "steward");
        List<Path> jars;
        try (Stream<Path> files = Files.walk(system)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }
        for (Path jar : jars) {
            read(jar);
        }
        assertTrue("the platform's components were read: " + references.keySet(),
                references.containsKey("dev.steward.kernel.internal.FlowEngine")
                        && references.containsKey("dev.steward.memory.internal.Neo4jKnowledgeBank"));
        Set<String> cycles = new TreeSet<>();
        for (String component : references.keySet()) {
            walk(component, component, new ArrayList<>(), new LinkedHashSet<>(), cycles);
        }
        assertEquals("reference cycles among " + references.size() + " components:\n" + String.join("\n", cycles),
                Set.of(), cycles);
    }

    private void read(Path jar) throws Exception {
        try (JarFile file = new JarFile(jar.toFile())) {
            String header = file.getManifest().getMainAttributes().getValue("Service-Component");
            if (header == null) {
                return;
            }
            for (String entry : header.split(",")) {
                try (InputStream in = file.getInputStream(file.getEntry(entry.strip()))) {
                    component(in);
                }
            }
        }
    }

    private void component(InputStream in) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Element root = factory.newDocumentBuilder().parse(in).getDocumentElement();
        String name = root.getAttribute("name");
        List<Ref> refs = new ArrayList<>();
        NodeList nodes = root.getElementsByTagName("reference");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element r = (Element) nodes.item(i);
            refs.add(new Ref(r.getAttribute("name"), r.getAttribute("interface")));
        }
        references.put(name, refs);
        NodeList provides = root.getElementsByTagName("provide");
        for (int i = 0; i < provides.getLength(); i++) {
            providers.computeIfAbsent(((Element) provides.item(i)).getAttribute("interface"), k -> new ArrayList<>())
                    .add(name);
        }
    }

    /** Depth first from start; a path back to start is a cycle, kept as its sorted member list to count it once. */
    private void walk(String start, String at, List<String> path, Set<String> onPath, Set<String> cycles) {
        onPath.add(at);
        for (Ref ref : references.getOrDefault(at, List.of())) {
            if (LAZY.contains(at + "/" + ref.name())) {
                continue;
            }
            for (String next : providers.getOrDefault(ref.service(), List.of())) {
                String step = at + " -[" + ref.service() + "]->";
                if (next.equals(start)) {
                    List<String> cycle = new ArrayList<>(path);
                    cycle.add(step);
                    cycle.add(start);
                    cycles.add(String.join(" ", cycle));
                } else if (!onPath.contains(next) && next.compareTo(start) > 0) {
                    path.add(step);
                    walk(start, next, path, onPath, cycles);
                    path.remove(path.size() - 1);
                }
            }
        }
        onPath.remove(at);
    }
}
