"""What a school does in bulk: import candidates, create PvBs for a group, export to Excel."""
