package io.sessionstores.samples.boot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Form login at {@code /login} (Spring Security's own page), one user {@code alice}/{@code alice},
 * everything else authenticated ({@code /bench/**} exists only when the benchmark turns it on). Defaults otherwise: the SecurityContext and the CSRF token in the
 * HTTP session, session fixation protection by {@code changeSessionId}.
 */
@Configuration
public class SecurityConfig {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers("/login", "/error", "/bench/**").permitAll()
                        .anyRequest().authenticated())
                .formLogin(login -> login.defaultSuccessUrl("/", true))
                .logout(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice").password("{noop}alice").roles("USER").build());
    }
}
