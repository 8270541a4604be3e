package dev.steward.definitions.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.steward.definitions.internal.FlowFilesReport;

class FlowDefinitionsCommandTest {

    @Test
    void listsDefinitionsThenErrors() {
        FlowFilesReport report = new FlowFilesReport(Path.of("/s/etc/steward/flows"), "",
                List.of(new FlowFilesReport.Flow("client-onboarding", List.of(1, 2), "client-onboarding.yaml")),
                Map.of("z.yaml", "z.yaml:3:1: unknown key 'step' in the flow", "b.yaml", "b.yaml: the file is not UTF-8 text"));
        assertEquals("""
                Flow files in /s/etc/steward/flows: 2 definition(s) loaded, 2 file(s) with errors
                DEFINITION                        VERSIONS      FILE
                client-onboarding                 1, 2          client-onboarding.yaml
                ERRORS
                  b.yaml: the file is not UTF-8 text
                  z.yaml:3:1: unknown key 'step' in the flow
                """, FlowDefinitionsCommand.render(report));
    }

    @Test
    void saysWhenTheDirectoryCannotBeRead() {
        FlowFilesReport report = new FlowFilesReport(Path.of("/x"), "cannot read /x: AccessDeniedException", List.of(), Map.of());
        assertEquals("""
                Flow files in /x: 0 definition(s) loaded, 0 file(s) with errors
                Directory unavailable: cannot read /x: AccessDeniedException
                """, FlowDefinitionsCommand.render(report));
    }
}
