# The site's shell settings, from playbooks/files/site/.
export HISTTIMEFORMAT="%F %T "
