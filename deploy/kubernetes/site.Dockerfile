# A site image: corectl's image with a site repository (inventory/, playbooks/, group_vars/,
# ansible.cfg...) copied in at /work, for the drift-check CronJob. A ConfigMap cannot carry a site
# (no subdirectories), and an image is versioned and rolled back like any other release.
#
# From the site repository's root:
#   docker build -f /path/to/corectl/deploy/kubernetes/site.Dockerfile \
#     --build-arg CORECTL_IMAGE=registry.example.net/corectl:0.1.0 -t registry.example.net/site-drift:2026-11-30 .
#
# Add a .dockerignore there (node_modules, .git, secrets you do not want in an image): the site's
# own node_modules would hide the image's corectl, so it is removed here in any case.
ARG CORECTL_IMAGE=registry.example.net/corectl:latest
FROM ${CORECTL_IMAGE}
USER root
COPY . /work
RUN rm -rf /work/node_modules /work/.git /work/.corectl \
 && chown -R root:root /work && chmod -R a+rX,go-w /work
USER corectl
