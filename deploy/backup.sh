#!/bin/sh
# A backup of kit serve's database into BACKUPS (default /srv/kit/backups), one file a day, the last 30 kept.
# PostgreSQL: set KIT_DATABASE_URL as for kit serve (psql form: postgresql://user:password@host/db).
# SQLite: give the file: backup.sh /srv/kit/data/kit.sqlite3
set -eu
backups=${BACKUPS:-/srv/kit/backups}
stamp=$(date +%Y-%m-%d)
mkdir -p "$backups"
if [ "${1:-}" != "" ]; then
	# SQLite's own online backup: consistent even while kit serve writes
	sqlite3 "$1" ".backup '$backups/kit-$stamp.sqlite3'"
else
	pg_dump --format=custom --file="$backups/kit-$stamp.dump" "$(printf %s "$KIT_DATABASE_URL" | sed 's/+psycopg//')"
fi
find "$backups" -name 'kit-*' -mtime +30 -delete
