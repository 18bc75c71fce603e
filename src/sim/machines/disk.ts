/**
 * What each machine's disk holds, as data: the directories and files a learner
 * lists and reads (`ls /`, `ls /etc`, `cat /etc/os-release`), as a fresh Debian 12
 * host has them and as the oracle's nginx image has them. Files the kernel shows
 * (/proc, /sys, /etc/hosts, /etc/resolv.conf, /etc/hostname) and files a command
 * wrote are not here: kernel/files.ts and the shell's file view add them.
 *
 * A path maps to `d755` (a directory and its mode), `f644` (a file; its text in
 * `content`), `s660` (a socket), `l:TARGET` (a symbolic link) or `c666:MAJOR,MINOR`
 * (a character device).
 */
import { NGINX_MIME_TYPES } from "./nginx-mime-types.ts";
import { NGINX_WELCOME } from "./nginx-welcome.ts";

export interface DiskSpec {
  readonly entries: Readonly<Record<string, string>>;
  readonly content: Readonly<Record<string, string>>;
}

function names(dir: string, kind: string, list: string): Record<string, string> {
  return Object.fromEntries(
    list
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [`${dir}/${n}`, kind]),
  );
}

const DEV: Record<string, string> = {
  "/dev": "d755",
  "/dev/fd": "l:/proc/self/fd",
  "/dev/full": "c666:1,7",
  "/dev/mqueue": "d1777",
  "/dev/null": "c666:1,3",
  "/dev/ptmx": "l:pts/ptmx",
  "/dev/pts": "d755",
  "/dev/random": "c666:1,8",
  "/dev/shm": "d1777",
  "/dev/stderr": "l:/proc/self/fd/2",
  "/dev/stdin": "l:/proc/self/fd/0",
  "/dev/stdout": "l:/proc/self/fd/1",
  "/dev/tty": "c666:5,0",
  "/dev/urandom": "c666:1,9",
  "/dev/zero": "c666:1,5",
};

/** Debian 12's, with the users its packages add (uid 101 is sshd's, which is why nginx's workers show as `sshd` in the host's `ps`). */
const PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
systemd-timesync:x:997:997:systemd Time Synchronization:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
sshd:x:101:65534::/run/sshd:/usr/sbin/nologin
`;

/** Debian 12's base groups, with those of the packages whose users PASSWD lists, and docker.io's. */
const GROUP = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
news:x:9:
uucp:x:10:
man:x:12:
proxy:x:13:
kmem:x:15:
dialout:x:20:
fax:x:21:
voice:x:22:
cdrom:x:24:
floppy:x:25:
tape:x:26:
sudo:x:27:
audio:x:29:
dip:x:30:
www-data:x:33:
backup:x:34:
operator:x:37:
list:x:38:
irc:x:39:
src:x:40:
shadow:x:42:
utmp:x:43:
video:x:44:
sasl:x:45:
plugdev:x:46:
staff:x:50:
games:x:60:
users:x:100:
nogroup:x:65534:
systemd-journal:x:999:
systemd-network:x:998:
systemd-timesync:x:997:
input:x:996:
sgx:x:995:
kvm:x:994:
render:x:993:
netdev:x:106:
messagebus:x:107:
docker:x:108:
`;

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;
const DOT_BASHRC = `# ~/.bashrc: executed by bash(1) for non-login shells.

# Note: PS1 and umask are already set in /etc/profile. You should not
# need this unless you want different defaults for root.
# PS1='\${debian_chroot:+($debian_chroot)}\\h:\\w\\$ '
# umask 022

# You may uncomment the following lines if you want \`ls' to be colorized:
# export LS_OPTIONS='--color=auto'
# eval "$(dircolors)"
# alias ls='ls $LS_OPTIONS'
# alias ll='ls $LS_OPTIONS -l'
# alias l='ls $LS_OPTIONS -lA'
#
# Some more alias to avoid making mistakes:
# alias rm='rm -i'
# alias cp='cp -i'
# alias mv='mv -i'
`;
const DOT_PROFILE = `# ~/.profile: executed by Bourne-compatible login shells.

if [ "$BASH" ]; then
  if [ -f ~/.bashrc ]; then
    . ~/.bashrc
  fi
fi

mesg n 2> /dev/null || true
`;

/** The user names a machine's `ps` shows for each uid (from its /etc/passwd). */
export function usersOf(disk: DiskSpec): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  for (const line of (disk.content["/etc/passwd"] ?? "").split("\n")) {
    const f = line.split(":");
    if (f.length > 2 && !out.has(Number(f[2]))) out.set(Number(f[2]), f[0]!);
  }
  return out;
}

/** A Debian 12 machine: the host (with Docker) and the internet (without). */
export function debianDisk(docker: boolean): DiskSpec {
  const entries: Record<string, string> = {
    "/": "d755",
    "/bin": "l:usr/bin",
    "/lib": "l:usr/lib",
    "/lib64": "l:usr/lib64",
    "/sbin": "l:usr/sbin",
    "/lost+found": "d700",
    "/proc": "d555",
    "/sys": "d555",
    "/root": "d700",
    "/tmp": "d1777",
    ...names("", "d755", "boot etc home media mnt opt run srv usr var"),
    ...DEV,
    "/dev/console": "c600:5,1",
    ...names(
      "/etc",
      "d755",
      `alternatives apparmor.d apt ca-certificates cron.d cron.daily default dpkg init.d iproute2 kernel ld.so.conf.d
      logrotate.d modprobe.d modules-load.d network opt pam.d profile.d rc0.d rc1.d rc2.d rc3.d rc4.d rc5.d rc6.d
      rcS.d security selinux skel ssh ssl sysctl.d systemd terminfo tmpfiles.d udev update-motd.d`,
    ),
    ...names(
      "/etc",
      "f644",
      `adduser.conf bash.bashrc bindresvport.blacklist ca-certificates.conf debconf.conf debian_version deluser.conf
      e2scrub.conf environment ethertypes fstab gai.conf group host.conf inputrc issue issue.net ld.so.cache ld.so.conf
      libaudit.conf login.defs machine-id mime.types mke2fs.conf motd networks nsswitch.conf os-release pam.conf passwd
      profile protocols rpc services shells timezone ucf.conf xattr.conf`,
    ),
    "/etc/localtime": "l:/usr/share/zoneinfo/Etc/UTC",
    "/etc/mtab": "l:../proc/self/mounts",
    "/etc/shadow": "f640",
    "/etc/gshadow": "f640",
    "/root/.bashrc": "f644",
    "/root/.profile": "f644",
    ...names("/usr", "d755", "bin games include lib lib64 libexec local sbin share src"),
    ...names("/var", "d755", "backups cache lib local log mail opt spool"),
    "/var/tmp": "d1777",
    "/var/lock": "l:/run/lock",
    "/var/run": "l:/run",
    ...names("/run", "d755", "lock log mount sshd systemd user"),
    "/run/utmp": "f664",
    "/run/sshd.pid": "f644",
  };
  if (docker) {
    Object.assign(entries, {
      "/etc/docker": "d755",
      "/etc/containerd": "d755",
      "/etc/containerd/config.toml": "f644",
      "/run/containerd": "d711",
      "/run/docker": "d700",
      "/run/docker.pid": "f644",
      "/run/docker.sock": "s660",
      "/var/lib/docker": "d710",
      "/var/lib/containerd": "d711",
    });
  }
  return {
    entries,
    content: {
      "/etc/os-release": OS_RELEASE,
      "/etc/debian_version": "12.8\n",
      "/etc/passwd": PASSWD,
      "/etc/group": GROUP,
      "/etc/shells":
        "# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/bin/dash\n/usr/bin/dash\n",
      "/etc/timezone": "Etc/UTC\n",
      "/etc/nsswitch.conf":
        "passwd:         files\ngroup:          files\nshadow:         files\ngshadow:        files\n\nhosts:          files dns\nnetworks:       files\n\nprotocols:      db files\nservices:       db files\nethers:         db files\nrpc:            db files\n\nnetgroup:       nis\n",
      "/root/.bashrc": DOT_BASHRC,
      "/root/.profile": DOT_PROFILE,
    },
  };
}

const NGINX_CONF = `user nginx;
worker_processes 1;
error_log /var/log/nginx/error.log warn;
pid /var/run/nginx.pid;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    access_log /var/log/nginx/access.log main;
    sendfile on;
    keepalive_timeout 65;
    server {
        listen 80;
        listen [::]:80;
        server_name localhost;
        location / { root /usr/share/nginx/html; index index.html index.htm; }
    }
}
`;

/** The oracle's nginx image (docker-oracle's build_image), as `ls` shows it inside a container. */
export const NGINX_DISK: DiskSpec = {
  entries: {
    "/": "d755",
    "/.dockerenv": "f755",
    "/proc": "d555",
    "/sys": "d555",
    "/tmp": "d755",
    ...names("", "d755", "bin etc lib lib64 usr var"),
    ...DEV,
    "/bin/busybox": "f755",
    ...names("/bin", "l:busybox", "cat echo hostname ifconfig ip ls nc netstat ping ps route sh sleep wget"),
    "/etc/nginx": "d755",
    "/etc/nginx/conf.d": "d755",
    ...names("/etc", "f644", "group nsswitch.conf passwd"),
    "/etc/mtab": "l:/proc/mounts",
    "/etc/nginx/mime.types": "f644",
    "/etc/nginx/nginx.conf": "f644",
    "/lib/x86_64-linux-gnu": "d755",
    "/lib64/ld-linux-x86-64.so.2": "f755",
    ...names("/usr", "d755", "bin sbin share"),
    "/usr/bin/bash": "f755",
    "/usr/bin/curl": "f755",
    "/usr/sbin/nginx": "f755",
    "/usr/share/nginx": "d755",
    "/usr/share/nginx/html": "d755",
    "/usr/share/nginx/html/index.html": "f644",
    ...names("/var", "d755", "lib log run"),
    "/var/lib/nginx": "d755",
    ...names("/var/lib/nginx", "d755", "body fastcgi proxy scgi uwsgi"),
    "/var/log/nginx": "d755",
    "/var/log/nginx/access.log": "l:/dev/stdout",
    "/var/log/nginx/error.log": "l:/dev/stderr",
    "/var/run/nginx.pid": "f644",
  },
  content: {
    "/etc/passwd": "root:x:0:0:root:/root:/bin/bash\nnginx:x:101:101:nginx user:/nonexistent:/bin/false\n",
    "/etc/group": "root:x:0:\nnginx:x:101:\n",
    "/etc/nsswitch.conf": "hosts: files dns\n",
    "/etc/nginx/nginx.conf": NGINX_CONF,
    "/etc/nginx/mime.types": NGINX_MIME_TYPES,
    "/var/run/nginx.pid": "1\n",
    // the page nginx serves, so cat, md5sum and find -exec read what curl gets
    "/usr/share/nginx/html/index.html": NGINX_WELCOME,
  },
};

/** A small image (busybox, alpine, ubuntu): the usual top-level directories. */
export const SMALL_IMAGE_DISK: DiskSpec = {
  entries: {
    "/": "d755",
    "/.dockerenv": "f755",
    "/proc": "d555",
    "/sys": "d555",
    "/tmp": "d1777",
    "/root": "d700",
    ...names("", "d755", "bin etc home lib usr var"),
    ...DEV,
    ...names("/etc", "f644", "group passwd"),
  },
  content: {
    "/etc/passwd": "root:x:0:0:root:/root:/bin/sh\n",
    "/etc/group": "root:x:0:\n",
  },
};
