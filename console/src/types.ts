import type { Money } from './format.ts';

/** The API's views, as API.md and the OpenAPI document give them (fields added later are optional). */
export interface Product {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  reorderPoint: number;
  reorderQuantity: number;
  version: number;
  updatedAt: string;
}

export interface Movement {
  movementId: string;
  delta: number;
  quantityAfter: number;
  reason: string;
  reference: string | null;
  actor: string | null;
  at: string;
}

export interface Reorder {
  reorderId: string;
  productId: string;
  quantity: number;
  status: 'OPEN' | 'RECEIVED';
  createdAt: string;
  receivedAt?: string | null;
  receivedBy?: string | null;
}

export interface Price {
  productId: string;
  amount: number;
  currency: string;
  listAmount: number;
  promotion: { promotionId: string; name: string; endsAt: string } | null;
  version: number;
  updatedAt: string;
}

export interface PriceChange {
  amount: number;
  currency: string;
  previousAmount: number | null;
  changedAt: string;
  version: number;
  actor: string | null;
}

export interface Promotion {
  promotionId: string;
  name: string;
  productIds: string[];
  percentOff?: number;
  amountOff?: number;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  status: 'SCHEDULED' | 'ACTIVE' | 'ENDED';
  createdBy?: string | null;
  endedBy?: string | null;
}

export interface OrderLine {
  productId: string;
  name?: string;
  quantity: number;
  unitAmount: number;
  lineTotal: number;
  priceChanged: boolean;
}

export interface OrderReturn {
  returnId: string;
  lines: { productId: string; quantity: number; refund?: Money }[];
  restock: boolean;
  reason?: string | null;
  refund: Money;
  creditNoteNumber: number;
  actor?: string | null;
  createdAt: string;
}

export interface Order {
  orderId: string;
  status: 'CONFIRMED' | 'PARTIALLY_RETURNED' | 'RETURNED' | 'CANCELLED';
  customerId: string;
  lines: OrderLine[];
  total: Money;
  /** Invoice numbers are gap-free within their series (série). */
  invoiceSeries: number;
  invoiceNumber: number;
  createdAt: string;
  cancelledAt?: string;
  refund?: { status: string; amount: Money; at: string };
  returns?: OrderReturn[];
}

export interface SalesReport {
  from: string;
  to: string;
  orders: number;
  units: number;
  revenue: Money;
  returns?: Money;
  byProduct: { productId: string; name?: string; units: number; revenue: Money }[];
  byDay?: { day: string; orders: number; revenue: Money }[];
}
