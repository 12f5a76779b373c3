from wagtail import hooks

from .demo import build_site


@hooks.register("register_demo_content")
def build_demo_site(demo):
    build_site(demo)
