# Channels, posts and deliveries arrive with the social publishing issue.
