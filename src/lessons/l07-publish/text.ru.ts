import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Публикация порта",
  intro: [
    "`docker run -p 2024:80` публикует порт 80 контейнера на порту 2024 хоста. Docker пишет правило DNAT в цепочку DOCKER таблицы nat (`tcp dpt:2024 to:172.17.0.2:80`), ACCEPT в цепочку DOCKER таблицы filter и запускает на порту docker-proxy.",
    "Опубликуйте nginx, посмотрите, что говорят `docker ps`, `docker port` и цепочка DOCKER, и обратитесь к нему из интернета.",
  ],
  goals: {
    published: "Контейнер публикует порт 2024 хоста на свой порт 80",
    "dnat-rule": "В цепочке DOCKER таблицы nat есть правило DNAT для порта 2024",
    reachable: "Запрос из интернета на порт 2024 проходит DNAT и доходит до nginx",
  },
  hints: [
    "`docker run -d -p 2024:80 --name web nginx`",
    "`docker ps`, `docker port web` и `iptables -t nat -nL DOCKER`.",
    "Выберите «internet» в списке «Машина» и выполните `curl -s http://10.88.0.4:2024/`.",
  ],
  predictions: {},
  explanation: [
    "Публикация — это правила, а не магия: DNAT с порта хоста на адрес и порт контейнера, ACCEPT, чтобы FORWARD его пропустил, и docker-proxy для случаев, которые DNAT не покрывает (урок 9). `-p 2024:80` привязывает все адреса, `-p 127.0.0.1:2024:80` — только один.",
    "Показать: правило DNAT цепочки DOCKER решает судьбу запроса из интернета.",
  ],
};
