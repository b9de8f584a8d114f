package dev.latent.model.store;

import dev.latent.model.ModelHolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring glue of the model core: the one {@link ModelHolder} that training swaps and serving reads. */
@Configuration(proxyBeanMethods = false)
public class ModelBeans {

    @Bean
    public ModelHolder modelHolder() {
        return new ModelHolder();
    }
}
