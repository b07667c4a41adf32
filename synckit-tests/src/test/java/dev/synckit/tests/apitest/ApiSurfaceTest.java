package dev.synckit.tests.apitest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.synckit.client.SyncEngine;
import dev.synckit.protocol.Op;

/**
 * The public API of the SDK modules is exactly what is listed in {@code src/test/resources/api/<module>.txt}: a new
 * public type, or an implementation package that leaks into the exports, fails here until the list is updated on
 * purpose (and the type documented).
 */
class ApiSurfaceTest {

    @ParameterizedTest
    @ValueSource(strings = {"client", "protocol"})
    void theModuleExportsOnlyItsApiPackage(String module) throws Exception {
        var descriptor = descriptor(module);

        assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                .containsExactly("dev.synckit." + module);
        assertThat(descriptor.exports()).allSatisfy(e -> assertThat(e.isQualified()).isFalse());
        assertThat(descriptor.requires()).extracting(ModuleDescriptor.Requires::name)
                .noneMatch(name -> name.startsWith("dev.synckit.server"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "protocol"})
    void thePublicTypesAreExactlyTheListedOnes(String module) throws Exception {
        var expected = expected(module);

        var actual = publicTypes(root(module), "dev/synckit/" + module + "/");

        assertThat(actual).as("public types of dev.synckit.%s (update api/%s.txt on purpose)", module, module)
                .containsExactlyElementsOf(expected);
    }

    private static Set<String> expected(String module) throws IOException {
        try (InputStream in = ApiSurfaceTest.class.getResourceAsStream("/api/" + module + ".txt")) {
            Objects.requireNonNull(in, "api/" + module + ".txt");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path root(String module) throws URISyntaxException, IOException {
        var anchor = module.equals("client") ? SyncEngine.class : Op.class;
        var location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            return location;
        }
        return FileSystems.newFileSystem(location).getPath("/");
    }

    private static ModuleDescriptor descriptor(String module) throws Exception {
        try (var in = Files.newInputStream(root(module).resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** Binary names of the public (and nested public) types directly in the API package. */
    private static Set<String> publicTypes(Path root, String packagePath) throws IOException, ClassNotFoundException {
        var dir = root.resolve(packagePath);
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (var file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                var simple = file.getFileName().toString().replace(".class", "");
                if (!simple.equals("package-info")) {
                    names.add(packagePath.replace('/', '.') + simple);
                }
            }
        }
        var out = new TreeSet<String>();
        for (var name : names) {
            var type = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
            if (isPublicApi(type)) {
                out.add(type.getName());
            }
        }
        return out;
    }

    private static boolean isPublicApi(Class<?> type) {
        for (var c = type; c != null; c = c.getDeclaringClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }
}
