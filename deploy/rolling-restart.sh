#!/bin/sh
# Replace the replicas of deploy/compose.yaml one at a time with the image just built (new code or new
# tables), so that at every moment at least two replicas serve (docs/deploy.md, "Refreshing the data"):
#
#   docker compose -f deploy/compose.yaml build && deploy/rolling-restart.sh
#
# A replica is recreated only after the previous one reports healthy; nginx re-reads the replicas' addresses
# after each one (a recreated container may get a new address). Visitors on the replica being replaced
# reconnect to another one and keep their view (it is in the URL).
set -eu
COMPOSE="docker compose -f $(dirname "$0")/compose.yaml"
for app in app1 app2 app3; do
    echo "recreating $app"
    $COMPOSE up -d --no-deps --force-recreate "$app"
    tries=0
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$($COMPOSE ps -q "$app")")" = healthy ]; do
        tries=$((tries + 1))
        if [ "$tries" -gt 60 ]; then
            echo "$app is not healthy after 120 s: stopping here, the other replicas still serve" >&2
            exit 1
        fi
        sleep 2
    done
    $COMPOSE exec -T proxy nginx -s reload
done
echo "all replicas replaced"
