import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { getSession } from "@/trpc/server";

export const metadata = { title: "Sign in" };

export default async function SignPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  if (await getSession()) redirect("/");
  const { next } = await searchParams;
  return <AuthForm mode="sign-in" {...(next ? { next } : {})} />;
}
