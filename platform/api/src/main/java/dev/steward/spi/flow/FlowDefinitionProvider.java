package dev.steward.spi.flow;

import dev.steward.api.flow.FlowDefinition;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** Contributes flow definitions; registered as an OSGi service and found by the platform. */
@ConsumerType
public interface FlowDefinitionProvider {

    /**
     * Lists the flows this provider contributes. Running instances keep the version they
     * started with, so a provider may offer a new version at any time.
     *
     * @return the definitions, never {@code null}
     */
    List<FlowDefinition> definitions();
}
