# Production image: gunicorn serves the app, whitenoise serves the static files (no CDN, no Node.js).
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --no-input
RUN useradd --system --home /app crm && mkdir -p /var/lib/crm/media && chown -R crm /var/lib/crm
USER crm
EXPOSE 8000
CMD ["gunicorn", "crm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "30", \
     "--max-requests", "2000", "--max-requests-jitter", "200", "--access-logfile", "-"]
