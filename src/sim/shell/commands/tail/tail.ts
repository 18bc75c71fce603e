import { headTail } from "../head/head.ts";

export const tail = headTail("tail");
