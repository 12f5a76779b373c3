# Funding sources, calls, applications and projects arrive with their issue.
