package io.sessionstores.samples.boot;

import java.util.Collections;

import jakarta.servlet.http.HttpSession;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints for the side-by-side benchmark with Spring Session (benchmarks/spring-boot-sessions.sh),
 * only with {@code --sample.bench=true}; open to anyone (no login), so never on in production.
 * {@code /bench/write} changes the session, {@code /bench/read} only reads it,
 * {@code /bench/mark?i=N} sets attribute {@code mN}, {@code /bench/marks} counts them.
 */
@RestController
@ConditionalOnProperty(name = "sample.bench", havingValue = "true")
public class BenchController {

    @GetMapping("/bench/write")
    public String write(HttpSession session) {
        Integer n = (Integer) session.getAttribute("n");
        n = n == null ? 1 : n + 1;
        session.setAttribute("n", n);
        return String.valueOf(n);
    }

    @GetMapping("/bench/read")
    public String read(HttpSession session) {
        return String.valueOf(session.getAttribute("n"));
    }

    @GetMapping("/bench/mark")
    public String mark(HttpSession session, @RequestParam("i") int i) {
        session.setAttribute("m" + i, i);
        return "ok";
    }

    @GetMapping("/bench/marks")
    public String marks(HttpSession session) {
        return String.valueOf(Collections.list(session.getAttributeNames()).stream().filter(a -> a.matches("m\\d+")).count());
    }
}
