package dev.steward.connector.feed;

import java.util.Map;

/**
 * One item of a feed as a flow sees it.
 *
 * @param id what identifies the item in its feed: its guid or id, else its link, else a hash of its title and date
 * @param input the flow input: id, title, link, published, updated, summary, feedTitle (text, empty when absent)
 */
record FeedItem(String id, Map<String, Object> input) {

    FeedItem {
        input = Map.copyOf(input);
    }
}
