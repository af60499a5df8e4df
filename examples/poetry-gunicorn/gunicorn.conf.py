# gunicorn settings (https://docs.gunicorn.org/en/stable/settings.html).
bind = "0.0.0.0:8000"
workers = 2
accesslog = "-"
# /dev/shm is writable for any user; the image's /tmp may not be.
worker_tmp_dir = "/dev/shm"
