"""Upgrade steps of the proeve:default profile.

Every change to the profile after release 1000 gets a step here, registered in
configure.zcml with the next profile version; tests/test_setup.py fails while a
step is pending on a freshly installed site.
"""
