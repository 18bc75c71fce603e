import type { LessonText } from "../types.ts";

export const text: LessonText = {
  title: "Таблица filter",
  intro: [
    "Docker ставит политику FORWARD в DROP и пропускает только то, что знает: ответы (`ctstate RELATED,ESTABLISHED`), трафик из docker0 и каждый опубликованный порт (ACCEPT в цепочке DOCKER таблицы filter). Собственные правила место в DOCKER-USER — FORWARD просматривает её первой.",
    "Закройте интернет правилом DROP в DOCKER-USER и выясните, что ещё оно закрывает.",
  ],
  goals: {
    "drop-in": "Правило DROP в DOCKER-USER останавливает запрос из интернета к опубликованному порту",
    "drop-replies": "То же правило отрезает ответы на собственные запросы контейнера",
    "new-only": "Сузьте его так, чтобы запрос контейнера снова получал ответ, а правило осталось",
    "still-out": "…и интернет по-прежнему не пускается внутрь",
  },
  hints: [
    "`iptables -nL FORWARD` и `iptables -nL DOCKER` показывают правила filter, которые пишет Docker.",
    "`iptables -I DOCKER-USER -i eth0 -j DROP`, затем `curl` из интернета и из контейнера на 203.0.113.10.",
    "Замените его правилом только для новых соединений: `iptables -R DOCKER-USER 1 -i eth0 -m conntrack --ctstate NEW -j DROP`.",
  ],
  predictions: {
    "reply-fate": {
      question: "Ответ baidu.com контейнеру пришёл на хост через eth0. Где закончится его путь?",
      choices: {
        "deliver@container": "Он дойдёт до контейнера",
        "drop@host": "Хост его отбросит",
      },
      explain:
        "Ответы тоже пересылаются, поэтому проходят FORWARD и DOCKER-USER раньше, чем ACCEPT Docker для `RELATED,ESTABLISHED`. Правило, отбрасывающее всё с eth0, отбрасывает и их; с условием `--ctstate NEW` они проходят.",
    },
  },
  explanation: [
    "DOCKER-USER стоит первой в FORWARD и видит каждый пересылаемый пакет, включая ответы. Фильтруйте по состоянию соединения: отбрасывайте НОВЫЕ соединения снаружи, и ответы на собственные запросы контейнеров будут доходить.",
    "Показать: DROP в DOCKER-USER останавливает ответ.",
  ],
};
