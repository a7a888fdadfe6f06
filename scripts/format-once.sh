#!/usr/bin/env bash
# The one repo-wide formatting commit (issue 17). Run by the lead on main after every open branch
# is merged: formats everything with Prettier, commits it, and lists that commit in
# .git-blame-ignore-revs so `git blame` skips it (GitHub reads the file by itself; locally run
# `git config blame.ignoreRevsFile .git-blame-ignore-revs` once).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

if [ -n "$(git status --porcelain)" ]; then
	echo "format-once: the working tree has changes; commit or stash them first." >&2
	exit 1
fi

npx prettier --write . --log-level warn
if [ -z "$(git status --porcelain)" ]; then
	echo "format-once: nothing to format."
	exit 0
fi

git commit -qam "Format the whole repository with Prettier (tabs, single quotes, width 100); no code changes"
hash="$(git rev-parse HEAD)"
{
	echo "# Prettier's repo-wide formatting (issue 17)"
	echo "$hash"
} >> .git-blame-ignore-revs
git add .git-blame-ignore-revs
git commit -qm "List the formatting commit in .git-blame-ignore-revs so blame skips it"
git config blame.ignoreRevsFile .git-blame-ignore-revs
echo "format-once: formatted in $hash; now run: npm run format:check && npm run lint && npm run check"
