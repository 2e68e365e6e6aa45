/**
 * The "my orders" bot of the choicesFrom tests (DESIGN §5): asks for a
 * customer, lists the customer's orders from the fake shop as WhatsApp
 * choices, then answers with the picked order's details.
 */
import type { BotDocument } from "../engine/types.ts";

export function ordersListDocument(shopUrl: string): BotDocument {
  return {
    format: "chatwire.bot/v1",
    name: "My orders",
    attributes: [
      { name: "customer", type: "text" },
      { name: "orders", type: "text" },
      { name: "order_id", type: "text" },
      { name: "order_status", type: "text" },
    ],
    apis: [
      {
        name: "List orders",
        method: "GET",
        url: `${shopUrl}/customers/{{customer}}/orders`,
        query: [],
        headers: [],
        body: null,
        auth: { type: "none" },
        timeoutMs: 5000,
        mappings: [{ path: "$.orders", attribute: "orders" }],
      },
      {
        name: "Get order",
        method: "GET",
        url: `${shopUrl}/orders/{{order_id}}`,
        query: [],
        headers: [],
        body: null,
        auth: { type: "none" },
        timeoutMs: 5000,
        mappings: [{ path: "$.status", attribute: "order_status" }],
      },
    ],
    flow: {
      start: "who",
      nodes: [
        {
          id: "who",
          type: "question",
          text: "Your customer number?",
          input: "text",
          attribute: "customer",
          next: "list",
        },
        {
          id: "list",
          type: "api",
          api: "List orders",
          routes: [{ status: "200", next: "pick" }],
          others: "broken",
        },
        {
          id: "pick",
          type: "question",
          text: "Which order?",
          input: "choice",
          attribute: "order_id",
          choicesFrom: {
            list: "orders",
            title: "Order {{item.id}}",
            description: "{{item.status}}, {{item.total}} EUR",
            value: "{{item.id}}",
          },
          empty: "none",
          next: "details",
        },
        {
          id: "details",
          type: "api",
          api: "Get order",
          routes: [{ status: "200", next: "answer" }],
          others: "broken",
        },
        {
          id: "answer",
          type: "end",
          text:
            "Order {{order_id}} is {{order_status}}: {{sys.choice.total}} EUR ({{sys.choice.status}} when listed).",
        },
        { id: "none", type: "end", text: "You have no orders yet." },
        { id: "broken", type: "end", text: "The shop is not answering, try later." },
      ],
    },
  };
}
