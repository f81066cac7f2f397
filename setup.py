# For tools that still ask for setup.py; the metadata lives in pyproject.toml.
from setuptools import setup

setup()
