package dev.steward.kernel.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.steward.spi.policy.Policy;

/**
 * Makes a shipped policy bundle's component as Declarative Services would: its {@code @Activate} constructor, with
 * its configuration annotation answered from a map (missing keys take the annotation's defaults) and any other
 * parameter (the graph store, say) from {@code services}.
 */
final class ShippedPolicies {

    private ShippedPolicies() {
    }

    static Policy create(String className, Map<String, String> settings, Object... services) throws Exception {
        Class<?> type = Class.forName(className);
        Constructor<?> constructor = type.getConstructors()[0];
        List<Object> args = new ArrayList<>();
        int next = 0;
        for (Class<?> parameter : constructor.getParameterTypes()) {
            args.add(parameter.isAnnotation() ? config(parameter, settings) : services[next++]);
        }
        return (Policy) constructor.newInstance(args.toArray());
    }

    private static Object config(Class<?> annotation, Map<String, String> settings) {
        return Proxy.newProxyInstance(annotation.getClassLoader(), new Class<?>[] {annotation}, (proxy, method, args) -> {
            String key = method.getName().replace('_', '.');
            if (method.getName().equals("annotationType")) {
                return annotation;
            }
            if (!settings.containsKey(key)) {
                return method.getDefaultValue();
            }
            String value = settings.get(key);
            Class<?> t = method.getReturnType();
            return t == String[].class ? new String[] {value} : t == double.class ? Double.parseDouble(value)
                    : t == int.class ? Integer.parseInt(value) : t == long.class ? Long.parseLong(value) : value;
        });
    }
}
