import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "localhost и собственный адрес хоста",
  intro: [
    "На самом хосте запрос к опубликованному порту не проходит PREROUTING: локально созданные пакеты идут через OUTPUT. Правило nat Docker `-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER` отправляет их к тому же DNAT — кроме адресованных в 127.0.0.0/8: на `localhost` отвечает docker-proxy, который сам открывает соединение с контейнером.",
    "Попробуйте оба варианта с хоста, затем опубликуйте порт только на 127.0.0.1.",
  ],
  goals: {
    "output-dnat": "Запрос с хоста на 10.88.0.4:2024 проходит DNAT в OUTPUT",
    proxy: "На запрос к localhost:2024 отвечает docker-proxy, который обращается к nginx с 172.17.0.1",
    "local-only": "Контейнер, опубликованный только на 127.0.0.1, отказывает интернету",
  },
  hints: [
    "`curl -s http://10.88.0.4:2024/`, затем `curl -s http://localhost:2024/` — сравните их трассировки.",
    "`docker logs web` показывает, какой адрес nginx увидел в каждом случае.",
    "`docker run -d -p 127.0.0.1:8080:80 --name local nginx`, затем из интернета `curl -s http://10.88.0.4:8080/`.",
  ],
  predictions: {
    "proxy-source": {
      question: "curl на хосте отправляет SYN на 127.0.0.1:2024. Какой адрес источника запишет nginx?",
      choices: {
        loopback: "127.0.0.1",
        host: "Адрес хоста на eth0",
        gateway: "Адрес docker0",
      },
      explain:
        "Для 127.0.0.0/8 DNAT не применяется, поэтому SYN доставляется docker-proxy, слушающему порт. Затем docker-proxy сам подключается к 172.17.0.2:80 с адреса хоста на docker0: nginx видит 172.17.0.1, а не исходного клиента.",
    },
  },
  explanation: [
    "Три входа — три пути: снаружи — DNAT в PREROUTING; с хоста на его собственный адрес — DNAT в OUTPUT; на localhost — docker-proxy в пространстве пользователя. Публикация на 127.0.0.1 заставляет Docker привязываться и делать DNAT только для этого адреса, поэтому снаружи порт отвечает отказом.",
    "Показать: docker-proxy принимает соединение на localhost.",
  ],
};
