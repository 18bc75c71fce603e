# Recorded with docker-oracle (Docker 26.1.5): the kernel trace of the three other paths a request can take
docker run -d -p 2024:80 --name web nginx
@trace curl -s -m 3 http://localhost:2024/
@trace web$ curl -s -m 3 http://203.0.113.10/
@trace curl -s -m 3 http://10.88.0.4:2024/
