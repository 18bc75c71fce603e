import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Напишите сами",
  intro: [
    "Статья заканчивается тем, что правила Docker пишут вручную. Контейнер `web` запущен без `-p`. Опубликуйте его сами: правило DNAT в PREROUTING с порта 8080 хоста на 172.17.0.2:80 и ACCEPT, чтобы FORWARD пропустил соединение. Затем замените MASQUERADE Docker своим.",
  ],
  goals: {
    "own-dnat": "Ваше правило DNAT в PREROUTING доводит запрос из интернета до nginx",
    "own-masquerade": "Ваш MASQUERADE (правило Docker удалено) выпускает запрос контейнера наружу и обратно",
  },
  hints: [
    "`iptables -t nat -A PREROUTING -i eth0 -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80`, затем из интернета `curl -s -m 3 http://10.88.0.4:8080/`.",
    "Если истекло время ожидания, трассировка покажет, что его отбросила политика FORWARD: `iptables -I DOCKER-USER -d 172.17.0.2 -p tcp --dport 80 -j ACCEPT`.",
    "Удалите правило Docker (`iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE`), добавьте `iptables -t nat -A POSTROUTING -s 172.17.0.0/16 -o eth0 -j MASQUERADE` и выполните curl из контейнера.",
  ],
  predictions: {
    "dnat-fate": {
      question: "SYN после DNAT входит в хук FORWARD хоста. Где закончится его путь?",
      choices: {
        "deliver@container": "Он дойдёт до nginx в контейнере",
        "drop@host": "Хост его отбросит",
      },
      explain:
        "DNAT меняет только адрес. FORWARD всё равно должен принять пакет, а его политика — DROP: без ACCEPT для 172.17.0.2:80 (для `-p` Docker пишет его в свою цепочку DOCKER) пакет погибает здесь.",
    },
  },
  explanation: [
    "Опубликованный порт — это DNAT в таблице nat плюс ACCEPT в таблице filter; выход контейнера наружу — MASQUERADE. Docker не пишет ничего, чего не могли бы написать вы, и ядро обращается с вашими правилами точно так же, как с правилами Docker.",
    "Показать: ваше правило DNAT в PREROUTING решает судьбу запроса из интернета.",
  ],
};
