import { describe, expect, it } from "vitest";
import { afterClear } from "../../../../src/store/terminal-slice.ts";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;

describe("the file commands on the lab's file tree", () => {
  it("mkdir makes directories that ls -l, stat, cd and test -d see, and rmdir removes only empty ones", () => {
    const out = terminal([
      "mkdir -pv /root/t/d/e",
      "ls -ld /root/t/d | cut -d' ' -f1,2",
      "cd /root/t/d/e && pwd",
      "test -d /root/t/d && echo dir",
      "rmdir /root/t/d",
      "rmdir /root/t/d/e && ls /root/t/d | wc -l",
      "mkdir /etc/docker",
      "mkdir -m 700 /root/m && stat -c '%a %F' /root/m",
    ]);
    expect(out[0]).toBe(
      "mkdir: created directory '/root/t'\nmkdir: created directory '/root/t/d'\nmkdir: created directory '/root/t/d/e'\n",
    );
    expect(out[1]).toBe("drwxr-xr-x 3\n");
    expect(out[2]).toBe("/root/t/d/e\n");
    expect(out[3]).toBe("dir\n");
    expect(out[4]).toBe("rmdir: failed to remove '/root/t/d': Directory not empty\n");
    expect(out[5]).toBe("0\n");
    expect(out[6]).toBe("mkdir: cannot create directory ‘/etc/docker’: File exists\n");
    expect(out[7]).toBe("700 directory\n");
  });

  it("cp, mv, ln and chmod keep contents, links and modes; rm -r takes a whole tree", () => {
    const out = terminal([
      "mkdir /root/d && echo hi > /root/d/f",
      "cp /root/d /root/e",
      "cp -r /root/d /root/e && cat /root/e/f",
      "mv -v /root/e/f /root/g && cat /root/g && ls /root/e | wc -l",
      "chmod 640 /root/g && ls -l /root/g | cut -c1-10 && chmod u+x,o+r /root/g && stat -c %a /root/g",
      "ln -s /root/g /root/l && readlink /root/l && cat /root/l",
      "rm /root/d",
      "rm -rv /root/d && ls -d /root/d",
    ]);
    expect(out[1]).toBe("cp: -r not specified; omitting directory '/root/d'\n");
    expect(out[2]).toBe("hi\n");
    expect(out[3]).toBe("renamed '/root/e/f' -> '/root/g'\nhi\n0\n");
    expect(out[4]).toBe("-rw-r-----\n744\n");
    expect(out[5]).toBe("/root/g\nhi\n");
    expect(out[6]).toBe("rm: cannot remove '/root/d': Is a directory\n");
    expect(out[7]).toBe(
      "removed '/root/d/f'\nremoved directory '/root/d'\nls: cannot access '/root/d': No such file or directory\n",
    );
  });

  it("in the nginx image the tools are busybox's, and nginx serves a page copied into its docroot", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      `docker exec web sh -c 'cp /usr/share/nginx/html/index.html /usr/share/nginx/html/a.html && curl -s localhost/a.html | head -1'`,
      `docker exec web sh -c "rm /usr/share/nginx/html/index.html && curl -s -o /dev/null -w '%{http_code}\\n' localhost/index.html"`,
      "docker exec web sh -c 'mkdir -pv /tmp/d/e'",
      "docker exec web sh -c 'rm /tmp/d'",
      "docker exec web sh -c 'cp /nope /tmp/x'",
      "docker exec web sh -c 'clear | od -c'",
      "docker exec web sh -c 'mv /usr/share/nginx/html/a.html /tmp/ && curl -si localhost/ | head -1'",
      `docker exec web sh -c "cp /tmp/a.html /usr/share/nginx/html/b.html && chmod 600 /usr/share/nginx/html/b.html && curl -s -o /dev/null -w '%{http_code}\\n' localhost/b.html"`,
    ]);
    expect(out[1]).toBe("<!DOCTYPE html>\n");
    expect(out[2]).toBe("404\n");
    expect(out[3]).toBe("created directory: '/tmp/d/'\ncreated directory: '/tmp/d/e'\n");
    expect(out[4]).toBe("rm: '/tmp/d' is a directory\n");
    expect(out[5]).toBe("cp: can't stat '/nope': No such file or directory\n");
    expect(out[6]).toBe("0000000 033   [   H 033   [   J\n0000006\n");
    // Without an index the directory is refused, as is a page the workers cannot read (the oracle's answers).
    expect(out[7]).toBe("HTTP/1.1 403 Forbidden\r\n");
    expect(out[8]).toBe("403\n");
  });

  it("alias is remembered by the terminal's shell; hash, who and su -c answer as on the oracle", () => {
    const out = terminal([
      "alias ll='ls -l'",
      "alias",
      "unalias ll; alias",
      "hash",
      "su -c id",
      "who",
      "alias ls='ls -d' e='echo x'",
      "ls /etc; e y | tr x z",
    ]);
    expect(out[1]).toBe("alias ll='ls -l'\n");
    expect(out[2]).toBe("");
    expect(out[3]).toBe("hash: hash table empty\n");
    expect(out[4]).toBe("uid=0(root) gid=0(root) groups=0(root)\n");
    expect(out[5]).toBe("");
    expect(out[7]).toBe("/etc\nz y\n");
  });
});

describe("the terminal after clear", () => {
  it("drops what came before the clear-screen sequence and keeps what follows", () => {
    expect(afterClear([{ stream: "stdout", text: "\x1b[H\x1b[2J\x1b[3J" }])).toEqual({ cleared: true, output: [] });
    expect(afterClear([{ stream: "stdout", text: "a\n\x1b[H\x1b[Jb\n" }])).toEqual({
      cleared: true,
      output: [{ stream: "stdout", text: "b\n" }],
    });
    expect(afterClear([{ stream: "stdout", text: "x\n" }]).cleared).toBe(false);
  });
});
