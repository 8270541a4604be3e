package dev.steward.addons.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.osgi.framework.Version;

/**
 * The add-ons a catalog offers: every version of every add-on.
 *
 * @param entries the entries, as the document lists them
 */
record Catalog(List<CatalogEntry> entries) {

    Catalog {
        entries = List.copyOf(entries);
    }

    /** The add-on names, sorted. */
    List<String> names() {
        return List.copyOf(new TreeSet<>(entries.stream().map(CatalogEntry::name).toList()));
    }

    /** Every version of one add-on, newest first. */
    List<CatalogEntry> versions(String name) {
        return entries.stream().filter(e -> e.name().equals(name))
                .sorted(Comparator.comparing((CatalogEntry e) -> Versions.of(e.version())).reversed()).toList();
    }

    /** One version of one add-on. */
    Optional<CatalogEntry> find(String name, String version) {
        return entries.stream().filter(e -> e.name().equals(name) && Versions.of(e.version()).equals(Versions.of(version)))
                .findFirst();
    }

    /** The newest version of an add-on that runs on the platform, else its newest version. */
    Optional<CatalogEntry> newest(String name, Version platform) {
        List<CatalogEntry> all = versions(name);
        return all.stream().filter(e -> Versions.refusal(e.platform(), platform) == null).findFirst()
                .or(() -> all.stream().findFirst());
    }
}
