"""What every page type shares, below all the apps: the edit form that refuses to overwrite a
newer version (forms.py) and published translations of a page (translations.py)."""
