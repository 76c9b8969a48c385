package dev.schemakit.service.openapi;

import java.util.Comparator;
import java.util.List;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.uri.UriMatchTemplate;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;

/**
 * The routes of this service's own {@code @Controller}s as the running application's {@link Router}
 * has them, so the tests follow the code: a new endpoint is checked without anyone listing it.
 * Routes of Micronaut's modules (health and other management endpoints) are not ours to document.
 */
final class ControllerRoutes {

    /**
     * One route.
     *
     * @param method          the HTTP method, upper case
     * @param path            the path template in OpenAPI form, such as {@code /users/{id}}
     * @param hasPathVariable whether the path has a variable such as {@code {id}}
     * @param takesBody       whether the route reads a request body
     */
    record Route(String method, String path, boolean hasPathVariable, boolean takesBody) {

        /** {@code "METHOD /path"}. */
        String key() {
            return method + " " + path;
        }
    }

    private ControllerRoutes() {
    }

    /**
     * The routes, sorted. HEAD is left out: Micronaut answers it for every GET route by itself, and
     * OpenAPI documents the GET.
     */
    static List<Route> of(Router router) {
        return router.uriRoutes()
                .filter(ControllerRoutes::isOurController)
                .filter(route -> route.getHttpMethod() != HttpMethod.HEAD)
                .map(ControllerRoutes::toRoute)
                .distinct()
                .sorted(Comparator.comparing(Route::key))
                .toList();
    }

    private static boolean isOurController(UriRouteInfo<?, ?> route) {
        Class<?> type = route.getTargetMethod().getDeclaringType();
        return type.getPackageName().startsWith("dev.schemakit.")
                && route.getTargetMethod().getAnnotationMetadata().hasStereotype(Controller.class);
    }

    private static Route toRoute(UriRouteInfo<?, ?> route) {
        UriMatchTemplate template = route.getUriMatchTemplate();
        return new Route(route.getHttpMethodName(), template.toPathString(), !template.getVariableNames().isEmpty(),
                route.getBodyArgument().isPresent());
    }
}
