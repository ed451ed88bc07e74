package dev.strata.ui;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.View;

/**
 * The error page for what the app's router never sees (its own files, a refused form), in place of
 * Spring Boot's Whitelabel page, which it replaces by taking the bean name "error". Under /api and
 * /config the error stays the API's JSON (ContainerErrors answers those before this page).
 */
@Configuration(proxyBeanMethods = false)
class PlainErrorPage {

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>%1$s · Strata</title>
            <style>
              body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1f2a37; }
              header { padding: 0.75rem 1.5rem; border-bottom: 1px solid #e5e7eb; font-weight: 600; }
              main { margin: 4rem auto; max-width: 36rem; text-align: center; color: #5f6b7a; }
              h1 { color: #1f2a37; font-size: 1.25rem; }
              nav { display: flex; justify-content: center; gap: 1.5rem; }
              a { color: #1a6fd6; }
            </style></head>
            <body><header>Strata</header><main><h1>%1$s</h1><p>%2$s</p>
            <nav><a href="/">Overview</a><a href="/history">History</a><a href="/change-requests">Change requests</a></nav>
            </main></body></html>
            """;

    @Bean(name = "error")
    View error() {
        return new View() {
            @Override
            public String getContentType() {
                return "text/html;charset=utf-8";
            }

            @Override
            public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
                    throws Exception {
                String[] words = switch (model.get("status") instanceof Integer status ? status : 500) {
                    case 404 -> new String[] {"Page not found", "There is nothing at this address. Go on from here:"};
                    case 403 ->
                        new String[] {
                            "You may not do this",
                            "Your account may not open this address or send this form. Go on from here:"
                        };
                    default ->
                        new String[] {"Something went wrong", "Strata could not answer this request. Go on from here:"};
                };
                response.setContentType(getContentType());
                response.getOutputStream()
                        .write(PAGE.formatted(words[0], words[1]).getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
