"""What pyproject.toml cannot say: the top-level resources/ folder (sounds, translations,
the icon) travels in the wheel as desktop/assets (desktop/resources.py finds it there, or
in the checkout)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["desktop*", "supportdesk*"]), "desktop.assets"],
    package_dir={"desktop.assets": "resources"},  # its files: pyproject.toml's package-data
)
