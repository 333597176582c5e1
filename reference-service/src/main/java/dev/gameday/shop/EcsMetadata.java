package dev.gameday.shop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.shop.http.ShopJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * On ECS the task definition cannot know a task's zone or id, so when {@code SHOP_ZONE} or
 * {@code SHOP_TASK_ID} is unset and the ECS task metadata endpoint (v4) is there, they are taken
 * from it. Anywhere else the environment is returned unchanged.
 */
final class EcsMetadata {

    private EcsMetadata() {
    }

    static Map<String, String> fillIn(Map<String, String> env) {
        String endpoint = env.get("ECS_CONTAINER_METADATA_URI_V4");
        boolean missing = blank(env.get(ShopConfig.SHOP_ZONE)) || blank(env.get(ShopConfig.SHOP_TASK_ID));
        if (blank(endpoint) || !missing) {
            return env;
        }
        Map<String, String> filled = new HashMap<>(env);
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(endpoint + "/task"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode task = ShopJson.MAPPER.readTree(r.body());
            if (blank(env.get(ShopConfig.SHOP_ZONE)) && task.hasNonNull("AvailabilityZone")) {
                filled.put(ShopConfig.SHOP_ZONE, task.get("AvailabilityZone").asText());
            }
            if (blank(env.get(ShopConfig.SHOP_TASK_ID)) && task.hasNonNull("TaskARN")) {
                String arn = task.get("TaskARN").asText();
                filled.put(ShopConfig.SHOP_TASK_ID, arn.substring(arn.lastIndexOf('/') + 1));
            }
        } catch (Exception e) {
            // Not fatal: the shop runs with the defaults, and says so.
            System.err.println("shop: ECS task metadata unavailable (" + e + "); using default zone/task id");
        }
        return filled;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
