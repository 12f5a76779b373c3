from .channels import Channel
from .deliveries import Delivery
from .posts import PostImage, PostVariant, SocialPost, SocialPostTag

__all__ = ["Channel", "Delivery", "PostImage", "PostVariant", "SocialPost", "SocialPostTag"]
